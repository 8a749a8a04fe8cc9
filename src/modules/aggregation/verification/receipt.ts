import { sign, sm3Hex, verify, type SigningAlgorithm } from '../../../platform/crypto/index.ts';

/** What a receipt attests: who asked what about whom, the answer, on what basis, when. Never the record value. */
export interface ReceiptBody {
  type: 'xinrong.verification.v1';
  receiptId: string;
  issuedAt: string;
  issuer: { node: string; keyId: string; alg: SigningAlgorithm };
  requester: { orgId: string };
  claim: { uscc: string; item: string; field: string; op: 'equals' | 'gte' | 'lte' | 'exists'; key: string | null; claimDigest: string };
  result: 'true' | 'false' | 'unknown';
  basis: { source: 'records' | 'provider' | 'cache' | 'none'; asOf: string | null; stale: boolean; reason: string | null };
}

export interface Receipt extends ReceiptBody {
  signature: string;
}

/** Canonical JSON (keys sorted at every level, no spaces): the exact bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function signReceipt(body: ReceiptBody, key: { alg: SigningAlgorithm; privateKey: string; publicKey: string }): Receipt {
  return { ...body, signature: sign(key, canonicalJson(body)) };
}

/** Anyone holding the platform's public key can check a receipt offline. */
export function verifyReceipt(receipt: Receipt, publicKey: string): boolean {
  const { signature, ...body } = receipt;
  return verify(receipt.issuer.alg, publicKey, canonicalJson(body), signature);
}

export function receiptDigest(receipt: Receipt): string {
  return sm3Hex(canonicalJson(receipt));
}
