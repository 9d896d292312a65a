import { NextResponse, type NextRequest } from 'next/server';
import { serverConfig } from '@/lib/config';

/**
 * Security headers for every page: a Content-Security-Policy with a fresh nonce per
 * request (Next.js puts it on its own scripts), no framing, no plugins, connections to
 * this app and the configured NATS WebSocket only, workers from this app only. Styles
 * allow inline attributes: recharts and the charts' colours are style attributes, which
 * nonces cannot cover.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const ws = new URL(serverConfig().public.natsWsUrl).origin;
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // The sample decoder is a same-origin module worker; under 'strict-dynamic' script-src
    // ignores 'self', so without this Chromium refuses to start it.
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
}

export const config = {
  // Pages only: static assets and the API routes (SSE, metrics) need no CSP.
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|icon.svg).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
