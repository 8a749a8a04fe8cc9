import { readFileSync } from 'node:fs';
import { sm3Hex } from '../../../platform/crypto/index.ts';
import { canonicalJson } from '../verification/receipt.ts';

/** One language of the 信用承诺书 (credit commitment) as the signer reads it. */
export interface CommitmentWording {
  title: string;
  preamble: string;
  clauses: string[];
  closing: string;
}

/** A versioned commitment text (src/data/credit-commitment-v<N>.json) with the policy it rests on. */
export interface CommitmentText {
  version: string;
  effectiveFrom: string;
  basis: { seed: string; ref: string }[];
  zh: CommitmentWording;
  en: CommitmentWording;
}

/** The commitment text in force; a new version is a new file and makes every earlier signature stale. */
export function currentCommitmentText(): CommitmentText {
  return JSON.parse(readFileSync(new URL('../../../data/credit-commitment-v1.json', import.meta.url), 'utf8')) as CommitmentText;
}

/** SM3 over the canonical JSON of the whole text (both languages): what a signature says the signer saw. */
export function commitmentTextSm3(text: CommitmentText): string {
  return sm3Hex(canonicalJson(text));
}
