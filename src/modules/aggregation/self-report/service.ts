import type { Db } from '../../../platform/db/index.ts';
import type { PlatformKeys } from '../../../platform/keys.ts';
import { uuidv7 } from '../../../platform/crypto/index.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/http/index.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import type { CatalogItem, CatalogService } from '../../catalog/index.ts';
import type { AggregationService } from '../service.ts';
import { checkRow, recordKeyOf } from '../validate.ts';
import { commitmentTextSm3, currentCommitmentText, type CommitmentText } from './commitment-text.ts';
import { signCommitmentReceipt, type CommitmentReceipt } from './commitment-receipt.ts';
import { selfReportStore, type CommitmentRow } from './store.ts';

/** 企业自主申报信息 — the catalog category whose items enterprises report themselves (seed 004). */
export const SELF_REPORT_CATEGORY = 'SELF_REPORT';

/** The person acting for an enterprise: a logged-in user of an enterprise organisation. */
export interface EnterpriseActor {
  userId: string;
  displayName: string;
  orgId: string;
  orgName: string;
  uscc: string;
  roles: readonly Role[];
}

export interface SelfReportOptions {
  db: Db;
  keys: PlatformKeys;
  catalog: CatalogService;
  aggregation: Pick<AggregationService, 'writer' | 'records'>;
  nodeName: string;
  clock?: () => number;
  /** Whether the user's real name is verified (identity); falls back to this module's store. */
  /** identity's real-name check (实名认证) */
  realNameVerified: (userId: string) => Promise<boolean>;
  /** The commitment text in force (tests swap it to check re-signing after a new version). */
  commitmentText?: () => CommitmentText;
}

/** 自愿填报 + 信用承诺: the legal representative signs the credit commitment, then the enterprise reports its own data. */
export function createSelfReportService(opts: SelfReportOptions) {
  const { db, keys, catalog, aggregation } = opts;
  const clock = opts.clock ?? Date.now;
  const store = selfReportStore(db);
  const { realNameVerified } = opts;
  const textNow = opts.commitmentText ?? currentCommitmentText;

  function shapeCommitment(row: CommitmentRow) {
    return {
      id: row.id, textVersion: row.text_version, textSm3: row.text_sm3, signedAt: row.signed_at.toISOString(),
      signer: { userId: row.user_id, displayName: row.receipt.signer.displayName }, receipt: row.receipt,
    };
  }

  /** The commitment that covers new reports: not revoked and signed against the text in force. */
  async function liveCommitment(uscc: string): Promise<CommitmentRow | undefined> {
    const row = await store.latestCommitment(uscc);
    return row && row.text_version === textNow().version ? row : undefined;
  }

  async function selfReportItems(): Promise<CatalogItem[]> {
    return (await catalog.current()).categories.find((c) => c.code === SELF_REPORT_CATEGORY)?.items ?? [];
  }

  async function selfReportItem(code: string): Promise<CatalogItem> {
    const item = (await selfReportItems()).find((i) => i.code === code);
    if (!item) {
      throw badRequest('ITEM_NOT_SELF_REPORTABLE', {
        zh: `信息项 ${code} 不属于“企业自主申报信息”，企业不能自行填报`,
        en: `Item ${code} is not in the "Self-reported information" category; an enterprise cannot report it itself`,
      });
    }
    return item;
  }

  return {
    liveCommitment,

    /** The text in force and this enterprise's standing against it. */
    async commitment(actor: EnterpriseActor) {
      const text = textNow();
      const latest = await store.latestCommitment(actor.uscc);
      const live = latest !== undefined && latest.text_version === text.version;
      return {
        text: { version: text.version, effectiveFrom: text.effectiveFrom, sm3: commitmentTextSm3(text), zh: text.zh, en: text.en },
        live,
        canSign: actor.roles.includes('enterprise_legal_rep'),
        commitment: latest ? shapeCommitment(latest) : null,
      };
    },

    /** The legal representative signs the text in force; signing again while a live commitment stands returns it. */
    async sign(actor: EnterpriseActor, input: { textVersion: string; accept: boolean }) {
      if (!actor.roles.includes('enterprise_legal_rep')) {
        throw forbidden('COMMITMENT_LEGAL_REP_ONLY', { zh: '信用承诺书只能由企业法定代表人签署', en: 'Only the legal representative can sign the credit commitment' });
      }
      if (input.accept !== true) {
        throw badRequest('COMMITMENT_NOT_ACCEPTED', { zh: '请阅读并同意信用承诺书后再签署', en: 'Read and accept the credit commitment before signing' });
      }
      if (!(await realNameVerified(actor.userId))) {
        throw forbidden('REAL_NAME_REQUIRED', { zh: '签署信用承诺书前须完成实名认证', en: 'Verify your real name before signing the credit commitment' });
      }
      const text = textNow();
      if (input.textVersion !== text.version) {
        throw conflict('COMMITMENT_TEXT_CHANGED', {
          zh: `信用承诺书已更新为第 ${text.version} 版，请阅读最新版本后签署`,
          en: `The credit commitment is now version ${text.version}; read the current version before signing`,
        }, { currentVersion: text.version });
      }
      return db.tx(async (q) => {
        // One signature at a time per enterprise, so a double click cannot leave two live commitments.
        await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`credit_commitments:${actor.uscc}`]);
        const existing = await store.latestCommitment(actor.uscc, q);
        if (existing && existing.text_version === text.version) return { created: false, commitment: shapeCommitment(existing) };
        const id = uuidv7();
        const signedAt = new Date(clock());
        const textSm3 = commitmentTextSm3(text);
        const receipt: CommitmentReceipt = signCommitmentReceipt({
          type: 'xinrong.credit-commitment.v1', receiptId: id, issuedAt: signedAt.toISOString(),
          issuer: { node: opts.nodeName, keyId: keys.signing.keyId, alg: keys.signing.alg },
          enterprise: { uscc: actor.uscc, orgId: actor.orgId, name: actor.orgName },
          signer: { userId: actor.userId, displayName: actor.displayName, role: 'enterprise_legal_rep', realNameVerified: true },
          text: { version: text.version, sm3: textSm3 },
        }, keys.signing);
        const row = { uscc: actor.uscc, id, org_id: actor.orgId, user_id: actor.userId, text_version: text.version, text_sm3: textSm3, signed_at: signedAt, receipt };
        await store.insertCommitment(row, q);
        return { created: true, commitment: shapeCommitment({ ...row, revoked_at: null }) };
      });
    },

    /**
     * Stores one self-reported record: under a live commitment, for the caller's own enterprise only, validated
     * exactly like a provider row, versioned by natural key through the record writer (origin self_report).
     */
    async report(actor: EnterpriseActor, input: { item: string; values: Record<string, unknown> }) {
      const item = await selfReportItem(input.item);
      const commitment = await liveCommitment(actor.uscc);
      if (!commitment) {
        throw conflict('COMMITMENT_REQUIRED', {
          zh: '企业法定代表人签署信用承诺书后，方可自主填报信息',
          en: 'The legal representative must sign the credit commitment before the enterprise reports information',
        });
      }
      const given = input.values.uscc;
      if (given !== undefined && given !== null && String(given).trim() !== '' && String(given).trim().toUpperCase() !== actor.uscc) {
        throw forbidden('NOT_YOUR_ENTERPRISE', { zh: '只能填报本企业的信息', en: 'You can only report information about your own enterprise' });
      }
      const unknown = Object.keys(input.values).filter((k) => !item.fields.some((f) => f.code === k));
      if (unknown.length) {
        throw badRequest('SELF_REPORT_INVALID', { zh: `未知字段：${unknown.join('、')}`, en: `Unknown field(s): ${unknown.join(', ')}` }, {
          problems: unknown.map((field) => ({ field, code: 'FIELD_UNKNOWN', zh: `${field}：不是该信息项的字段`, en: `${field}: not a field of this item` })),
        });
      }
      const entityName = input.values.entity_name;
      const raw = { ...input.values, uscc: actor.uscc, entity_name: typeof entityName === 'string' && entityName.trim() !== '' ? entityName : actor.orgName };
      const at = new Date(clock());
      const check = checkRow(item, raw, at);
      if (!check.ok) {
        const named = (p: { field: string | null }) => item.fields.find((f) => f.code === p.field);
        throw badRequest('SELF_REPORT_INVALID', {
          zh: `填报内容有 ${check.problems.length} 处问题：${check.problems.map((p) => `${named(p)?.name ?? p.field ?? ''}：${p.zh}`).join('；')}`,
          en: `The report has ${check.problems.length} problem(s): ${check.problems.map((p) => `${named(p)?.nameEn ?? p.field ?? ''}: ${p.en}`).join('; ')}`,
        }, { problems: check.problems });
      }
      // The link to the commitment commits in the same transaction as the record version it covers.
      const outcome = await aggregation.writer.writeChunk({
        item, rows: [{ rowNumber: 1, values: raw }], batchId: null, providerOrgId: null, seq: null, at, origin: 'self_report',
        within: async (q, changes) => {
          for (const c of changes) {
            await store.insertSubmission(q, actor.uscc, {
              item_code: item.code, record_key: c.key, version: c.version, commitment_id: commitment.id, user_id: actor.userId, submitted_at: at,
            });
          }
        },
      });
      const key = recordKeyOf(item, check.values);
      const record = (await aggregation.records(actor.uscc, item.code, null)).find((r) => r.key === key);
      if (!record) throw notFound('RECORD_UNKNOWN', { zh: '填报的记录未能读取', en: 'The reported record could not be read back' });
      const changed = outcome.inserted + outcome.updated > 0;
      const links = await store.submissions(actor.uscc, [item.code]);
      const link = links.find((l) => l.record_key === key && l.version === record.version);
      return { changed, record: { item: item.code, itemName: item.name, itemNameEn: item.nameEn, ...shapeRecord(record), commitmentId: link?.commitment_id ?? null } };
    },

    /** The enterprise's own self-reported records (current versions) across the SELF_REPORT items. */
    async list(actor: EnterpriseActor) {
      const items = await selfReportItems();
      const links = await store.submissions(actor.uscc, items.map((i) => i.code));
      const linkOf = new Map(links.map((l) => [`${l.item_code}\u001e${l.record_key}\u001e${l.version}`, l.commitment_id]));
      const out = [];
      for (const item of items) {
        for (const r of await aggregation.records(actor.uscc, item.code, null)) {
          if (r.origin !== 'self_report') continue;
          out.push({
            item: item.code, itemName: item.name, itemNameEn: item.nameEn, ...shapeRecord(r),
            commitmentId: linkOf.get(`${item.code}\u001e${r.key}\u001e${r.version}`) ?? null,
          });
        }
      }
      return out;
    },

    selfReportItems,
  };
}

function shapeRecord(r: { key: string; version: number; validFrom: string; origin: string; data: Record<string, unknown> }) {
  return {
    key: r.key, version: r.version, validFrom: r.validFrom, origin: r.origin as 'provider' | 'self_report',
    data: r.data as Record<string, string | number | boolean | null>,
  };
}

export type SelfReportService = ReturnType<typeof createSelfReportService>;
