import { NextResponse, type NextRequest } from 'next/server';
import { serverConfig } from '@/lib/config';

/**
 * Security headers for every page: a Content-Security-Policy with a fresh nonce per
 * request (Next.js puts it on its own scripts), no framing, no plugins, connections to
 * this app and the configured NATS WebSockets only, workers from this app only. Styles
 * allow inline attributes: recharts and the charts' colours are style attributes, which
 * nonces cannot cover.
 */
export function proxy(request: NextRequest): NextResponse {
  // Every node of the seed list: the client moves to another when its node goes down.
  const ws = [...new Set(serverConfig().public.natsWsUrls.map((u) => new URL(u).origin))].join(' ');
  if (request.nextUrl.pathname.startsWith('/_next/static/')) return workerPolicy(ws);
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
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

/**
 * The live worker's own policy: a worker is governed by the CSP of its script, not the
 * page's, and it holds the page's connections (NATS WebSocket, SSE). Same limits as the
 * page: its own chunks, this app and the configured NATS WebSockets, nothing else.
 */
function workerPolicy(ws: string): NextResponse {
  const response = NextResponse.next();
  response.headers.set(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self'; connect-src 'self' ${ws}`,
  );
  response.headers.set('X-Content-Type-Options', 'nosniff');
  return response;
}

export const config = {
  // Pages, and the worker entry: other static assets and the API routes need no CSP.
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|icon.svg).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
    // The entry script of the page's Web Workers (Turbopack's worker bootstrap).
    '/_next/static/chunks/turbopack-worker-:hash.js',
  ],
};
