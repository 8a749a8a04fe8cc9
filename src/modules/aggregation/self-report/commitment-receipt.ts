import { sign, verify, type SigningAlgorithm } from '../../../platform/crypto/index.ts';
import { canonicalJson } from '../verification/receipt.ts';

/** What a commitment receipt attests: who signed which commitment text for which enterprise, and when. */
export interface CommitmentReceiptBody {
  type: 'xinrong.credit-commitment.v1';
  receiptId: string;
  issuedAt: string;
  issuer: { node: string; keyId: string; alg: SigningAlgorithm };
  enterprise: { uscc: string; orgId: string; name: string };
  signer: { userId: string; displayName: string; role: 'enterprise_legal_rep'; realNameVerified: true };
  text: { version: string; sm3: string };
}

export interface CommitmentReceipt extends CommitmentReceiptBody {
  signature: string;
}

export function signCommitmentReceipt(body: CommitmentReceiptBody, key: { alg: SigningAlgorithm; privateKey: string; publicKey: string }): CommitmentReceipt {
  return { ...body, signature: sign(key, canonicalJson(body)) };
}

/** Anyone holding the platform's public key (GET /api/v1/verifications/public-key) can check a receipt offline. */
export function verifyCommitmentReceipt(receipt: CommitmentReceipt, publicKey: string): boolean {
  const { signature, ...body } = receipt;
  return verify(receipt.issuer.alg, publicKey, canonicalJson(body), signature);
}
