import { MonitorResponseInvalid, parseJsz, parseVarz, type Jsz, type Varz } from './nats-parse';

/** What one node answered on both endpoints, or the error that made it count as down. */
export type NodeAnswer =
  { type: 'up'; url: string; varz: Varz; jsz: Jsz } | { type: 'down'; url: string; error: string };

export interface MonitorFetchOptions {
  /** Per request (ms). */
  timeoutMs?: number;
  /** Largest body read (bytes); a larger answer is refused, not truncated. */
  maxBytes?: number;
}

const JSZ_QUERY = '/jsz?streams=true&consumers=false&config=true';

/**
 * Asks one NATS node's monitoring endpoint (`http://host:8222`) for /varz and /jsz with
 * streams. Never throws: a node that does not answer, or answers garbage, is down with
 * the reason.
 */
export async function pollNatsNode(
  url: string,
  options: MonitorFetchOptions = {},
): Promise<NodeAnswer> {
  const base = url.replace(/\/+$/, '');
  try {
    const [varz, jsz] = await Promise.all([
      fetchJson(`${base}/varz`, options).then(parseVarz),
      fetchJson(`${base}${JSZ_QUERY}`, options).then(parseJsz),
    ]);
    return { type: 'up', url, varz, jsz };
  } catch (err) {
    return { type: 'down', url, error: describeFetchError(err, options.timeoutMs ?? 1500) };
  }
}

/** GETs JSON with a deadline and a size bound. */
async function fetchJson(url: string, options: MonitorFetchOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 1500;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
  if (!res.ok) {
    await res.body?.cancel();
    throw new MonitorResponseInvalid(`${new URL(url).pathname}: HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new MonitorResponseInvalid(`${new URL(url).pathname}: ${declared} bytes > ${maxBytes}`);
  }
  const reader = res.body?.getReader();
  if (!reader) throw new MonitorResponseInvalid(`${new URL(url).pathname}: empty answer`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new MonitorResponseInvalid(`${new URL(url).pathname}: more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MonitorResponseInvalid(`${new URL(url).pathname}: not JSON`);
  }
}

/** "connect ECONNREFUSED 127.0.0.1:8251", "no answer within 1500 ms", or the message. */
function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (e.cause?.message) return e.cause.message;
  return e.message;
}
