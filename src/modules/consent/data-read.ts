import type { Db } from '../../platform/db/index.ts';
import { AppError, badRequest, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import type { CatalogItem, CatalogService } from '../catalog/index.ts';
import type { AggregationService } from '../aggregation/index.ts';
import { auditActorOf, type AuditSink } from './audit-contract.ts';
import { DEFAULT_MASKING, maskRecord, type MaskingRule, type ReaderKind } from './field-masking.ts';
import { clearanceOf, decideIn, institutionNotAssessed, operatorReasonOk, type Access, type Decision, type InstitutionClearance } from './policy.ts';
import { isPurpose } from './purposes.ts';
import type { ConsentStore } from './store.ts';
import type { DataReplyT } from './schemas.ts';

export interface DataReaderDeps {
  db: Db;
  store: ConsentStore;
  catalog: Pick<CatalogService, 'current'>;
  aggregation: Pick<AggregationService, 'records'>;
  entityName: (uscc: string) => Promise<string | null>;
  audit: AuditSink;
  clock?: () => number;
  masking?: Readonly<Record<ReaderKind, MaskingRule>>;
  /** usage feedback to providers (数据使用情况反馈, C3 quality): one entry per item an institution read */
  recordUsage?: (entry: UsageEntry) => Promise<void>;
  /** institutions without a current security assessment read public items only (default: every one cleared) */
  institutionCleared?: InstitutionClearance;
}

/** The shape of a usage entry (aggregation quality's `UsageEntry`), for an institution's record read. */
export interface UsageEntry {
  at: Date;
  consumerOrgId: string;
  itemCode: string;
  providerCategory: string;
  uscc: string;
  mode: 'record_read';
  purpose: string | null;
  authorisationRef: string | null;
}

export interface DataQuery {
  purpose?: string | null;
  /** explicit item codes; absent = every item the caller may see */
  items?: readonly string[] | null;
  reason?: string | null;
}

/** Thrown inside the deciding transaction so that a refused request counts no use of any authorisation. */
class Refused extends Error {
  constructor(readonly decisions: Decision[]) {
    super('refused');
  }
}

const READER_OF: Record<Access, ReaderKind> = { public: 'institution', authorised: 'institution', subject: 'subject', operator: 'operator' };

/**
 * Reading an enterprise's data through the policy point: decide per item, log every decision (allowed and refused)
 * to the audit log before any data leaves, then read the records and mask them for the reader on the server.
 */
export function createDataReader(deps: DataReaderDeps) {
  const { db, store, catalog, aggregation, audit } = deps;
  const clock = deps.clock ?? Date.now;
  const masking = deps.masking ?? DEFAULT_MASKING;

  /**
   * One audit event per distinct decision of the request (outcome, code, authorisation, access). When the request
   * as a whole is refused, items that alone would have been allowed are logged refused with REQUEST_REFUSED.
   */
  async function log(principal: Principal, uscc: string, purpose: string | null, decisions: Decision[], reasonText: string | null, refusedAsWhole: boolean) {
    const groups = new Map<string, { outcome: 'allowed' | 'refused'; reason: string | null; authorisationId: string | null; access: Access | null; items: string[] }>();
    for (const d of decisions) {
      const outcome = d.allowed && !refusedAsWhole ? 'allowed' : 'refused';
      const reason = !d.allowed ? d.code : refusedAsWhole ? 'REQUEST_REFUSED' : d.access === 'operator' ? reasonText : null;
      const access = d.allowed ? d.access : null;
      const key = [outcome, reason ?? '', d.authorisationId ?? '', access ?? ''].join('\u001f');
      const g = groups.get(key) ?? { outcome, reason, authorisationId: d.authorisationId, access, items: [] };
      g.items.push(d.item);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      await audit.append({
        kind: 'access', action: 'records.read', actor: auditActorOf(principal), subject: uscc, items: g.items, purpose,
        authorisationId: g.authorisationId, outcome: g.outcome, reason: g.reason, destination: 'api',
        details: g.access ? { access: g.access } : {},
      });
    }
  }

  return {
    logDecisions: log,

    async read(principal: Principal, uscc: string, query: DataQuery): Promise<DataReplyT> {
      const purpose = query.purpose?.trim() || null;
      const reason = query.reason?.trim() || null;
      if (purpose && !isPurpose(purpose)) {
        throw badRequest('PURPOSE_UNKNOWN', { zh: `用途 ${purpose} 不在融资用途清单中`, en: `Purpose ${purpose} is not one of the financing purposes` });
      }
      const all = (await catalog.current()).categories.flatMap((c) => c.items);
      const byCode = new Map(all.map((i) => [i.code, i]));
      const explicit = query.items && query.items.length > 0 ? [...new Set(query.items)] : null;
      if (explicit) {
        const unknown = explicit.filter((c) => !byCode.has(c));
        if (unknown.length) {
          throw badRequest('ITEMS_UNKNOWN', { zh: `信息项不存在：${unknown.join('、')}`, en: `Unknown item(s): ${unknown.join(', ')}` }, { unknownItems: unknown });
        }
      }
      const items: CatalogItem[] = explicit ? explicit.map((c) => byCode.get(c) as CatalogItem) : all;
      const codes = items.map((i) => i.code);
      const refuseEarly = async (code: 'NOT_YOUR_ENTERPRISE' | 'OPERATOR_REASON_REQUIRED' | 'ENTITY_NOT_FOUND', err: AppError): Promise<never> => {
        await audit.append({
          kind: 'access', action: 'records.read', actor: auditActorOf(principal), subject: uscc, items: codes, purpose,
          authorisationId: null, outcome: 'refused', reason: code, destination: 'api',
        });
        throw err;
      };
      if (principal.orgKind === 'enterprise' && (principal.kind !== 'user' || principal.uscc !== uscc)) {
        await refuseEarly('NOT_YOUR_ENTERPRISE', forbidden('NOT_YOUR_ENTERPRISE', { zh: '只能查看本企业的信息', en: 'You can only see your own enterprise' }));
      }
      if (principal.orgKind === 'operator' && !operatorReasonOk(reason)) {
        await refuseEarly('OPERATOR_REASON_REQUIRED', badRequest('REASON_REQUIRED', {
          zh: '运营人员查阅企业信息须说明理由（至少 4 个字），理由记入审计日志', en: 'Operators must state why they read this (at least 4 characters); it is logged',
        }));
      }
      const name = await deps.entityName(uscc);
      if (!name) {
        await refuseEarly('ENTITY_NOT_FOUND', notFound('ENTITY_NOT_FOUND', { zh: `未找到统一社会信用代码为 ${uscc} 的市场主体`, en: `No market entity with USCC ${uscc}` }));
      }

      let decisions: Decision[];
      try {
        const cleared = await clearanceOf(principal, deps.institutionCleared);
        decisions = await db.tx(async (q) => {
          const ds = await decideIn(q, store, { principal, uscc, items, purpose, reason }, new Date(clock()), cleared);
          if (explicit && ds.some((d) => !d.allowed)) throw new Refused(ds);
          return ds;
        });
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        // Nothing is delivered: the refused items with their codes, the rest as refused with the request.
        await log(principal, uscc, purpose, err.decisions, reason, true);
        const refused = err.decisions.filter((d): d is Extract<Decision, { allowed: false }> => !d.allowed);
        const onlyLimit = refused.every((d) => d.code === 'AUTHORISATION_LIMIT');
        const extra = { refusedItems: refused.map((d) => d.item), refused: refused.map((d) => ({ item: d.item, code: d.code })) };
        if (refused.every((d) => d.code === 'INSTITUTION_NOT_ASSESSED')) {
          throw institutionNotAssessed(extra);
        }
        if (onlyLimit) {
          throw new AppError('AUTHORISATION_LIMIT', 429, {
            zh: `授权使用次数已达上限：${extra.refusedItems.join('、')}`, en: `The authorisation's use limit is reached for: ${extra.refusedItems.join(', ')}`,
          }, extra);
        }
        throw new AppError('AUTHORISATION_REQUIRED', 403, {
          zh: `以下信息项需要该企业有效的授权：${extra.refusedItems.join('、')}`, en: `These items need a live authorisation from the enterprise: ${extra.refusedItems.join(', ')}`,
        }, extra);
      }
      await log(principal, uscc, purpose, decisions, reason, false);

      const out: DataReplyT['items'] = [];
      for (const d of decisions) {
        if (!d.allowed) continue;
        const item = byCode.get(d.item) as CatalogItem;
        const rule = masking[READER_OF[d.access]];
        const records = (await aggregation.records(uscc, item.code, null)).map((r) => {
          const m = maskRecord(item, r.data, rule, { reasonGiven: d.access === 'operator' && operatorReasonOk(reason) });
          return { key: r.key, version: r.version, validFrom: r.validFrom, data: m.data, masked: m.masked, objection: r.objection };
        });
        out.push({ code: item.code, name: item.name, nameEn: item.nameEn, level: item.level, access: d.access, authorisationId: d.authorisationId, records });
        if (deps.recordUsage && principal.orgKind === 'institution') {
          await deps.recordUsage({
            at: new Date(clock()), consumerOrgId: principal.orgId, itemCode: item.code, providerCategory: item.provider.category, uscc,
            mode: 'record_read', purpose, authorisationRef: d.authorisationId,
          });
        }
      }
      return { uscc, name: name as string, purpose, items: out };
    },
  };
}

export type DataReader = ReturnType<typeof createDataReader>;
