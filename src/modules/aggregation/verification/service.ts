import type { Db } from '../../../platform/db/index.ts';
import type { PlatformKeys } from '../../../platform/keys.ts';
import { AppError, badRequest, notFound } from '../../../platform/http/index.ts';
import { hmacSm3Hex, uuidv7 } from '../../../platform/crypto/index.ts';
import type { CatalogService } from '../../catalog/index.ts';
import type { FieldValue } from '../validate.ts';
import { evaluateClaim, normaliseClaimValue, opApplies, type ClaimOp } from './claims.ts';
import { canonicalJson, signReceipt, type Receipt, type ReceiptBody } from './receipt.ts';
import { recordUsage } from '../quality/index.ts';

export interface Claim {
  uscc: string;
  item: string;
  field: string;
  op: ClaimOp;
  value?: string | number | boolean | null;
  /** natural-key values after the USCC (joined by U+001F), to ask about one record of a multi-record item */
  key?: string;
  purpose?: string;
  authorisationRef?: string;
}

/** Where the values come from: stored records (physical items) or the provider on demand (interface items). */
export interface ValueSource {
  stored(uscc: string, item: string): Promise<{ key: string; data: Record<string, unknown>; validFrom: string }[]>;
  live?: (uscc: string, item: string, authorisationRef: string, requestId: string) => Promise<{ records: Record<string, unknown>[]; fetchedAt: string; stale: boolean; source: 'provider' | 'cache' }>;
}

export interface VerificationOptions {
  db: Db;
  keys: PlatformKeys;
  catalog: CatalogService;
  values: ValueSource;
  nodeName: string;
  clock?: () => number;
  /** Claims one institution may make per enterprise, item and field per day: order claims could otherwise binary-search a value. */
  dailyLimit?: number;
}

/** 数据核验 — the platform answers a claim with true / false / unknown and a signed receipt; the value never leaves. */
export function createVerificationService(opts: VerificationOptions) {
  const { db, keys, catalog } = opts;
  const clock = opts.clock ?? Date.now;
  const dailyLimit = opts.dailyLimit ?? 20;

  async function basisFor(claim: Claim, requestId: string, itemMode: string): Promise<{ values: { key: string; data: Record<string, unknown> }[]; basis: ReceiptBody['basis'] }> {
    if (itemMode === 'interface') {
      if (!opts.values.live) return { values: [], basis: { source: 'none', asOf: null, stale: false, reason: 'SOURCE_NOT_CONFIGURED' } };
      try {
        const answer = await opts.values.live(claim.uscc, claim.item, claim.authorisationRef ?? `verification:${requestId}`, requestId);
        return { values: answer.records.map((data) => ({ key: '', data })), basis: { source: answer.source, asOf: answer.fetchedAt, stale: answer.stale, reason: null } };
      } catch (err) {
        if (err instanceof AppError && err.status === 503) return { values: [], basis: { source: 'none', asOf: null, stale: false, reason: err.code } };
        throw err;
      }
    }
    const records = await opts.values.stored(claim.uscc, claim.item);
    const asOf = records.reduce<string | null>((m, r) => (m === null || r.validFrom > m ? r.validFrom : m), null);
    return { values: records, basis: { source: records.length ? 'records' : 'none', asOf, stale: false, reason: records.length ? null : 'NO_RECORD' } };
  }

  return {
    publicKey: () => ({ alg: keys.signing.alg, keyId: keys.signing.keyId, publicKey: keys.signing.publicKey }),

    async verify(claim: Claim, requester: { orgId: string }): Promise<Receipt> {
      const item = await catalog.item(claim.item);
      if (!item) throw notFound('ITEM_UNKNOWN', { zh: `目录中没有信息项 ${claim.item}`, en: `The catalog has no item ${claim.item}` });
      const field = item.fields.find((f) => f.code === claim.field);
      if (!field) throw badRequest('FIELD_UNKNOWN', { zh: `信息项 ${item.name} 没有字段 ${claim.field}`, en: `Item ${item.nameEn} has no field ${claim.field}` });
      if (!opApplies(field, claim.op)) {
        throw badRequest('CLAIM_OP_NOT_APPLICABLE', { zh: `字段 ${field.name} 不能做大小比较`, en: `Field ${field.nameEn} cannot be compared by order` });
      }
      const now = new Date(clock());
      let claimed: FieldValue = null;
      if (claim.op !== 'exists') {
        const n = normaliseClaimValue(field, claim.value, now);
        if ('error' in n) throw badRequest('CLAIM_VALUE_INVALID', { zh: `核验值无效（${field.name}）：${n.error.zh}`, en: `The claimed value is invalid (${field.nameEn}): ${n.error.en}` });
        claimed = n.value;
      }
      const digestKey = keys.indexKey;
      const claimDigest = hmacSm3Hex(digestKey, canonicalJson({ uscc: claim.uscc, item: claim.item, field: claim.field, op: claim.op, key: claim.key ?? null, value: claimed }));
      const [{ n: used }] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM verifications WHERE org_id = $1 AND uscc = $2 AND item_code = $3 AND field_code = $4 AND created_at > $5`,
        [requester.orgId, claim.uscc, claim.item, claim.field, new Date(now.getTime() - 86_400_000)],
      );
      if (used >= dailyLimit) {
        throw new AppError('VERIFICATION_LIMIT', 429, {
          zh: `同一企业同一字段每日最多核验 ${dailyLimit} 次`, en: `At most ${dailyLimit} claims per enterprise and field per day`,
        });
      }
      const receiptId = uuidv7();
      const { values, basis } = await basisFor(claim, receiptId, item.sharingMode);
      const relevant = values.filter((r) => claim.key === undefined || r.key === claim.key).map((r) => (r.data[field.code] ?? null) as FieldValue);
      const result = evaluateClaim(field, claim.op, claimed, relevant);
      const receipt = signReceipt({
        type: 'xinrong.verification.v1', receiptId, issuedAt: now.toISOString(),
        issuer: { node: opts.nodeName, keyId: keys.signing.keyId, alg: keys.signing.alg },
        requester: { orgId: requester.orgId },
        claim: { uscc: claim.uscc, item: claim.item, field: claim.field, op: claim.op, key: claim.key ?? null, claimDigest },
        result, basis,
      }, keys.signing);
      await db.query(
        `INSERT INTO verifications (id, org_id, uscc, item_code, field_code, op, claim_digest, result, purpose, authorisation_ref, receipt, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [receiptId, requester.orgId, claim.uscc, claim.item, claim.field, claim.op, claimDigest, result, claim.purpose ?? null, claim.authorisationRef ?? null, JSON.stringify(receipt), now],
      );
      // usage feedback to the provider (C3): who verified what, for which purpose
      await recordUsage(db, {
        at: now, consumerOrgId: requester.orgId, itemCode: item.code, providerCategory: item.provider.category, uscc: claim.uscc,
        mode: 'verification', purpose: claim.purpose ?? null, authorisationRef: claim.authorisationRef ?? null,
      });
      return receipt;
    },

    async receipt(id: string, viewer: { orgId: string; orgKind: string }): Promise<Receipt> {
      const [row] = await db.query<{ receipt: Receipt; org_id: string }>('SELECT receipt, org_id FROM verifications WHERE id = $1', [id]);
      if (!row || (viewer.orgKind !== 'operator' && row.org_id !== viewer.orgId)) throw notFound('RECEIPT_UNKNOWN', { zh: '回执不存在', en: 'No such receipt' });
      return row.receipt;
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
