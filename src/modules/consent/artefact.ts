import { sign, verify, type SigningAlgorithm } from '../../platform/crypto/index.ts';
import { canonicalJson } from '../aggregation/index.ts';
import type { ArtefactPayloadT, ArtefactT } from './schemas.ts';

/**
 * The consent artefact (授权凭证): what the enterprise authorised, signed by the platform key. The signature is over
 * the canonical JSON of `payload` — object keys sorted by UTF-16 code unit at every level, no whitespace, strings
 * and numbers as JSON.stringify writes them, members whose value is undefined left out — as UTF-8 bytes.
 * SM2 per GB/T 32918.2 with SM3 and signer id "1234567812345678", signature hex r‖s; or Ed25519 (RFC 8032),
 * signature base64. README.md shows the check with nothing but sm-crypto-v2 / node:crypto.
 */
export function signArtefact(payload: ArtefactPayloadT, key: { alg: SigningAlgorithm; privateKey: string; publicKey: string; keyId: string }): ArtefactT {
  return { payload, signature: sign(key, canonicalJson(payload)), alg: key.alg, keyId: key.keyId };
}

/** Checks an exported artefact against the platform's public key (GET /api/v1/consent/public-key). */
export function verifyArtefact(artefact: ArtefactT, publicKey: string): boolean {
  return verify(artefact.alg, publicKey, canonicalJson(artefact.payload), artefact.signature);
}
