import type { PrivateSigningKey } from '../../platform/crypto/index.ts';
import { signNodeRequest } from './envelope.ts';

/** A call to another node that did not succeed: unreachable (status null) or answered with a problem. */
export class PeerCallError extends Error {
  override readonly name = 'PeerCallError';
  constructor(readonly status: number | null, readonly code: string, message: string) {
    super(message);
  }
}

export interface PeerCall {
  baseUrl: string;
  /** path under the peer's base URL, e.g. /api/v1/federation/inbox */
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  /** sign as this node (every exchange but the registration, which carries its proof in the body) */
  signer?: { key: PrivateSigningKey; nodeId: string };
  now: Date;
  timeoutMs?: number;
}

/** One HTTP exchange with another node over its public base URL; the answer's JSON, or a PeerCallError. */
export async function callPeer(call: PeerCall): Promise<unknown> {
  const target = new URL(call.baseUrl + call.path);
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (call.signer) Object.assign(headers, signNodeRequest(call.signer.key, call.signer.nodeId, call.method, target.pathname + target.search, body, call.now));
  let res: Response;
  try {
    res = await fetch(target, { method: call.method, headers, body, signal: AbortSignal.timeout(call.timeoutMs ?? 15_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new PeerCallError(null, 'FEDERATION_PEER_UNREACHABLE', `${target.origin} unreachable (${cause})`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new PeerCallError(res.status, 'FEDERATION_PEER_BAD_ANSWER', `${target.origin} answered ${res.status} with non-JSON (${(err as Error).message})`);
    }
  }
  if (!res.ok) {
    const problem = parsed as { code?: string; detail?: string; title?: string } | null;
    throw new PeerCallError(res.status, problem?.code ?? `HTTP_${res.status}`, `${target.origin} answered ${res.status} ${problem?.code ?? ''}: ${problem?.detail ?? problem?.title ?? ''}`.trim());
  }
  return parsed;
}
