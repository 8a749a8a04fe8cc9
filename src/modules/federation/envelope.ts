import { signRequest, verifySignedRequest, SIGNATURE_HEADERS, type SignedRequestHeaders } from '../../platform/auth/request-signing.ts';
import type { NonceStore } from '../../platform/auth/nonce-store.ts';
import { sm3Hex, type PrivateSigningKey, type SigningAlgorithm } from '../../platform/crypto/index.ts';
import { canonicalJson } from '../audit/index.ts';

/**
 * The federation envelope. Every node-to-node request is a signed machine request of the platform contract
 * (platform/auth/request-signing.ts): `x-xr-key-id` is the sending node's id, with timestamp, nonce, the SM3 of the
 * body and an SM2 (or Ed25519) signature over METHOD, path, timestamp, nonce and that digest. The receiver verifies it
 * against the key it registered for that node and refuses an old timestamp or a nonce it has seen (replay).
 *
 * Registration is the one request whose key the receiver does not know yet: the same five fields travel inside the
 * body next to the identity they prove, and the receiver verifies them against the public key being registered
 * (proof of possession) — so nobody can register a node id without its private key.
 */

export interface Proof {
  timestamp: string;
  nonce: string;
  contentSm3: string;
  signature: string;
}

/** The digest of a JSON document as both sides compute it: SM3 of its canonical JSON (RFC 8785 ordering). */
export function documentSm3(document: unknown): string {
  return sm3Hex(canonicalJson(document));
}

/** Headers of a signed node-to-node request. */
export function signNodeRequest(key: PrivateSigningKey, nodeId: string, method: string, pathWithQuery: string, body: string | undefined, now: Date): SignedRequestHeaders {
  return signRequest({ method, pathWithQuery, body, keyId: nodeId, privateKey: key, now });
}

/** A proof that the holder of `key` sends `document` to `pathWithQuery` now (registration). */
export function proveDocument(key: PrivateSigningKey, nodeId: string, pathWithQuery: string, document: unknown, now: Date): Proof {
  const body = canonicalJson(document);
  const h = signRequest({ method: 'POST', pathWithQuery, body, keyId: nodeId, privateKey: key, now });
  return { timestamp: h['x-xr-timestamp'], nonce: h['x-xr-nonce'], contentSm3: h['x-xr-content-sm3'], signature: h['x-xr-signature'] };
}

export type ProofResult = { ok: true } | { ok: false; code: string; message: string };

/** Checks a registration proof against the public key it registers; replayed nonces and stale timestamps fail. */
export async function verifyDocumentProof(input: {
  nodeId: string; alg: SigningAlgorithm; publicKey: string; pathWithQuery: string; document: unknown; proof: Proof;
  nonceStore: NonceStore; now: Date;
}): Promise<ProofResult> {
  const headers = {
    [SIGNATURE_HEADERS.keyId]: input.nodeId,
    [SIGNATURE_HEADERS.timestamp]: input.proof.timestamp,
    [SIGNATURE_HEADERS.nonce]: input.proof.nonce,
    [SIGNATURE_HEADERS.contentSm3]: input.proof.contentSm3,
    [SIGNATURE_HEADERS.signature]: input.proof.signature,
  };
  const result = await verifySignedRequest({
    method: 'POST', pathWithQuery: input.pathWithQuery, headers, rawBody: canonicalJson(input.document),
    lookupKey: async (keyId) => (keyId === input.nodeId ? { alg: input.alg, publicKey: input.publicKey } : undefined),
    nonceStore: input.nonceStore, now: input.now,
  });
  return result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message };
}
