/**
 * C11 信用修复 — credit repair (rules/credit-repair.md): the enterprise sees each penalty's publicity window and the
 * conditions as a checklist, applies with evidence and a signed credit commitment (refused before the shortest
 * period with the first allowed date), an operator decides; approval withholds the record at once (it leaves public
 * reads, reports, pushes, the evaluation and the white list, and stays hidden through later re-imports). A sweep ends
 * the publicity of penalties whose longest period has passed.
 */
import type { Db, Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import type { AggregationService } from '../aggregation/index.ts';
import { checkEvidence, evidenceStore, localDate, offsetMs, type EvidenceInput } from '../objections/index.ts';
import { addPeriod, kindOfItem, minimumLongestMonths, penaltyWindow, periodRules, type PeriodRules, type RepairKind, type Window } from './periods.ts';
import { repairStore as store, type ApplicationRow } from './store.ts';

export interface RepairOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  aggregation: Pick<AggregationService, 'record' | 'records' | 'marks' | 'publishedDatedOnOrBefore'>;
  /** the enterprise's live credit commitment (信用承诺书, signed through self-report), if any */
  liveCommitment: (uscc: string) => Promise<{ id: string; signed_at: Date } | undefined | null>;
  rules?: PeriodRules;
}

export interface ApplyInput { item: string; key: string; statement: string; performanceEvidence: EvidenceInput[]; trainingReport?: EvidenceInput[] }

const CHINA = offsetMs('+08:00');
const NOT_FOUND = () => notFound('REPAIR_APPLICATION_NOT_FOUND', { zh: '没有这份信用修复申请', en: 'No such credit-repair application' });
const DAY_MS = 86_400_000;

export interface ChecklistItem { code: 'performed' | 'shortest_period' | 'commitment' | 'training'; required: boolean; satisfied: boolean | null; date?: string | null }

export function createRepairService(opts: RepairOptions) {
  const { db, aggregation } = opts;
  const clock = opts.clock ?? Date.now;
  const rules = opts.rules ?? periodRules();
  const today = () => localDate(clock(), CHINA);

  async function audit(action: string, p: Principal | null, a: { id: string; uscc: string; item_code: string }, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action: `repair.${action}`, actor: actorOf(p), outcome: 'ok', subject: a.uscc, items: [a.item_code], target: { type: 'repair_application', id: a.id }, details });
  }

  async function notify(q: Queryable, orgId: string, kind: string, at: Date, payload: Record<string, unknown>) {
    await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)', [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
  }

  function enterpriseOf(p: Principal): string {
    if (p.orgKind !== 'enterprise' || !p.uscc) throw forbidden('ENTERPRISE_ONLY', { zh: '信用修复由信息主体企业申请', en: 'Credit repair is applied for by the subject enterprise' });
    return p.uscc;
  }

  /** The conditions of rules/credit-repair.md as the applicant sees them, for one record. */
  function checklist(kind: RepairKind, w: Window | null, commitment: { signed_at: Date } | null | undefined, performed: boolean | null, training: boolean | null): ChecklistItem[] {
    const list: ChecklistItem[] = [{ code: 'performed', required: true, satisfied: performed }];
    if (kind === 'penalty_publicity') list.push({ code: 'shortest_period', required: true, satisfied: w?.shortestEndsOn ? today() >= w.shortestEndsOn : false, date: w?.shortestEndsOn ?? null });
    list.push({ code: 'commitment', required: true, satisfied: Boolean(commitment), date: commitment ? localDate(commitment.signed_at.getTime(), CHINA) : null });
    list.push({ code: 'training', required: rules.repair.trainingReportRequired, satisfied: training });
    return list;
  }

  return {
    rules,
    today,

    /** The enterprise's records that repair applies to, each with its window, checklist and latest application. */
    async records(p: Principal) {
      const uscc = enterpriseOf(p);
      const commitment = await opts.liveCommitment(uscc);
      const apps = await store.ofEnterprise(db, uscc);
      const out = [];
      for (const [kind, k] of Object.entries(rules.repair.kinds) as [RepairKind, { items: string[] }][]) {
        for (const item of k.items) {
          for (const r of await aggregation.records(uscc, item, null, { includeWithheld: true })) {
            const w = kind === 'penalty_publicity' ? penaltyWindow(r.data, rules) : null;
            const latest = apps.find((a) => a.item_code === item && a.record_key === r.key) ?? null;
            const performed = latest ? (latest.status === 'refused' ? null : true) : null;
            out.push({ kind, item, record: r, window: w, latest, checklist: checklist(kind, w, commitment, performed, latest && rules.repair.trainingReportRequired ? true : null) });
          }
        }
      }
      await opts.audit?.append({
        kind: 'access', action: 'repair.records.read', actor: actorOf(p), subject: uscc, items: [...new Set(out.map((x) => x.item))], outcome: 'allowed',
        destination: 'api', details: { records: out.length },
      });
      return { commitment: commitment ?? null, today: today(), records: out };
    },

    /**
     * Files an application. Refused at filing when a condition of the rules does not hold, each with a code and a
     * message that says what to do (the date from which the shortest period has passed, the re-apply date).
     */
    async apply(p: Principal, input: ApplyInput): Promise<ApplicationRow> {
      const uscc = enterpriseOf(p);
      const kind = kindOfItem(input.item, rules);
      if (!kind) throw badRequest('REPAIR_ITEM_NOT_REPAIRABLE', { zh: `信息项 ${input.item} 不适用信用修复`, en: `Records of ${input.item} are not subject to credit repair` });
      const statement = input.statement.trim();
      if ([...statement].length < rules.repair.statementMinChars) {
        throw badRequest('REPAIR_STATEMENT_TOO_SHORT', { zh: `请说明纠正失信行为的情况（至少 ${rules.repair.statementMinChars} 个字）`, en: `Describe how the conduct was corrected (at least ${rules.repair.statementMinChars} characters)` });
      }
      const record = await aggregation.record(uscc, input.item, input.key);
      if (!record) throw notFound('REPAIR_RECORD_NOT_FOUND', { zh: '没有这条记录', en: 'No such record' });
      if (record.withheld) {
        throw conflict('REPAIR_RECORD_NOT_PUBLISHED', { zh: '这条记录已不再公示，无需修复', en: 'This record is no longer published; there is nothing to repair' }, { withheld: record.withheld.reason });
      }
      const day = today();
      let w: Window | null = null;
      if (kind === 'penalty_publicity') {
        w = penaltyWindow(record.data, rules);
        if (!w) throw badRequest('REPAIR_DECISION_DATE_MISSING', { zh: '该处罚记录缺少处罚决定日期，无法计算公示期，请先对记录提出异议', en: 'The penalty has no decision date, so its publicity period cannot be computed; object to the record first' });
        if (!w.repairable) {
          throw new AppError('REPAIR_NOT_APPLICABLE', 409, {
            zh: `该处罚属于“${rules.cases[w.case].zh}”，不适用信用修复，公示期满（${w.longestEndsOn}）后自动停止公示`,
            en: `This penalty is a "${rules.cases[w.case].en}": it cannot be repaired and its publicity ends by itself on ${w.longestEndsOn}`,
          }, { case: w.case, publicityEndsOn: w.longestEndsOn });
        }
        if (day < w.shortestEndsOn!) {
          throw new AppError('REPAIR_TOO_EARLY', 409, {
            zh: `最短公示期未满，自 ${w.shortestEndsOn} 起方可申请信用修复`,
            en: `The shortest publicity period has not passed; you can apply for credit repair from ${w.shortestEndsOn}`,
          }, { allowedFrom: w.shortestEndsOn, case: w.case });
        }
      }
      const earlier = await store.ofRecord(db, uscc, input.item, input.key);
      if (earlier.some((a) => a.status === 'pending')) throw conflict('REPAIR_ALREADY_PENDING', { zh: '这条记录已有待审核的修复申请', en: 'This record already has a repair application awaiting a decision' });
      const refused = earlier.find((a) => a.status === 'refused');
      if (refused?.reapply_from && day < refused.reapply_from) {
        throw new AppError('REPAIR_REAPPLY_TOO_EARLY', 409, {
          zh: `上次申请未通过，自 ${refused.reapply_from} 起方可重新申请`, en: `The last application was refused; you can apply again from ${refused.reapply_from}`,
        }, { allowedFrom: refused.reapply_from });
      }
      const commitment = await opts.liveCommitment(uscc);
      if (!commitment) {
        throw badRequest('REPAIR_COMMITMENT_REQUIRED', { zh: '请先由法定代表人签署信用承诺书（自主填报页面）', en: 'The legal representative must first sign the credit commitment (self-report page)' });
      }
      if (input.performanceEvidence.length === 0) {
        throw badRequest('REPAIR_EVIDENCE_REQUIRED', { zh: '请上传已履行处罚（缴清罚款、履行义务）的证明材料', en: 'Upload evidence that the penalty was performed (fine paid, obligations met)' });
      }
      const performance = checkEvidence(input.performanceEvidence);
      const training = checkEvidence(input.trainingReport ?? []);
      if (rules.repair.trainingReportRequired && training.length === 0) {
        throw badRequest('REPAIR_TRAINING_REQUIRED', { zh: '请上传信用修复培训报告', en: 'Upload the credit-repair training report' });
      }
      const at = new Date(clock());
      const id = uuidv7();
      await db.tx(async (q) => {
        await store.insert(q, {
          id, uscc, kind, item_code: input.item, record_key: input.key, record_version: record.version, enterprise_org_id: p.orgId,
          applicant_user_id: p.kind === 'user' ? p.userId : null, statement, commitment_id: commitment.id, rules_version: rules.version,
          penalty_case: w?.case ?? null, shortest_ends_on: w?.shortestEndsOn ?? null, longest_ends_on: w?.longestEndsOn ?? null, status: 'pending', submitted_at: at, updated_at: at,
        }).catch((err: unknown) => {
          // a double submission races past the check above: the partial unique index answers
          if ((err as { code?: string }).code === '23505') throw conflict('REPAIR_ALREADY_PENDING', { zh: '这条记录已有待审核的修复申请', en: 'This record already has a repair application awaiting a decision' });
          throw err;
        });
        await evidenceStore.insert(q, { type: 'repair', id, uscc }, 'performance', performance, at);
        await evidenceStore.insert(q, { type: 'repair', id, uscc }, 'training', training, at);
        for (const o of await q.query<{ id: string }>("SELECT id FROM organisations WHERE kind = 'operator'")) {
          await notify(q, o.id, 'repair.submitted', at, { zh: `新的信用修复申请（${input.item} / ${input.key}）待审核`, en: `A credit-repair application (${input.item} / ${input.key}) awaits a decision`, applicationId: id });
        }
      });
      const a = (await store.byId(db, id))!;
      await audit('submitted', p, a, { kind, key: input.key, case: w?.case ?? null, commitmentId: commitment.id, files: performance.length + training.length });
      return a;
    },

    /** An operator decides: approved → the record is withheld at once ('repaired'); refused → reason and earliest re-apply date. */
    async decide(p: Principal, id: string, d: { decision: 'approve' | 'refuse'; reason: string; reapplyFrom?: string }): Promise<ApplicationRow> {
      if (p.orgKind !== 'operator') throw forbidden('OPERATOR_ONLY', { zh: '信用修复由平台运营方审核', en: 'Credit repair is decided by the operator' });
      const reason = d.reason.trim();
      if (reason.length < 2) throw badRequest('REPAIR_REASON_REQUIRED', { zh: '请写明审核意见', en: 'State the reason for the decision' });
      const day = today();
      let reapplyFrom: string | null = null;
      if (d.decision === 'refuse') {
        reapplyFrom = d.reapplyFrom ?? localDate(clock() + rules.repair.reapplyAfterDays * DAY_MS, CHINA);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(reapplyFrom) || reapplyFrom <= day) {
          throw badRequest('REPAIR_REAPPLY_DATE_INVALID', { zh: '重新申请日期须晚于今天（YYYY-MM-DD）', en: 'The re-apply date must be after today (YYYY-MM-DD)' });
        }
      }
      const at = new Date(clock());
      let decided: ApplicationRow | null = null;
      await db.tx(async (q) => {
        const a = await store.byId(q, id, true);
        if (!a) throw NOT_FOUND();
        if (a.status !== 'pending') throw conflict('REPAIR_ALREADY_DECIDED', { zh: '这份申请已经审核', en: 'This application is already decided' });
        const status = d.decision === 'approve' ? 'approved' : 'refused';
        await store.decide(q, id, { status, at, by: p.kind === 'user' ? p.userId : null, reason, reapplyFrom });
        if (status === 'approved') await aggregation.marks.withhold(q, { uscc: a.uscc, item: a.item_code, key: a.record_key }, { reason: 'repaired', ref: id }, at);
        await notify(q, a.enterprise_org_id, `repair.${status}`, at, status === 'approved'
          ? { zh: `信用修复申请已通过（${a.item_code} / ${a.record_key}）：该记录已停止公示`, en: `Credit repair approved (${a.item_code} / ${a.record_key}): the record is no longer published`, applicationId: id }
          : { zh: `信用修复申请未通过：${reason}；自 ${reapplyFrom} 起可重新申请`, en: `Credit repair refused: ${reason}; you may apply again from ${reapplyFrom}`, applicationId: id });
        decided = (await store.byId(q, id))!;
      });
      const a = decided!;
      await audit(a.status, p, a, { reapplyFrom, key: a.record_key });
      return a;
    },

    async get(p: Principal, id: string) {
      const a = await store.byId(db, id);
      if (!a || (p.orgKind !== 'operator' && !(p.orgKind === 'enterprise' && p.uscc === a.uscc))) throw NOT_FOUND();
      const record = await aggregation.record(a.uscc, a.item_code, a.record_key);
      await opts.audit?.append({ kind: 'access', action: 'repair.read', actor: actorOf(p), subject: a.uscc, items: [a.item_code], outcome: 'allowed', destination: 'api', target: { type: 'repair_application', id } });
      return { application: a, record, documents: await evidenceStore.list(db, 'repair', id) };
    },

    async document(p: Principal, id: string, documentId: string) {
      const a = await store.byId(db, id);
      if (!a || (p.orgKind !== 'operator' && !(p.orgKind === 'enterprise' && p.uscc === a.uscc))) throw NOT_FOUND();
      const d = await evidenceStore.content(db, 'repair', id, documentId);
      if (!d) throw notFound('DOCUMENT_NOT_FOUND', { zh: '没有这个文件', en: 'No such file' });
      await opts.audit?.append({ kind: 'access', action: 'repair.document.read', actor: actorOf(p), subject: a.uscc, outcome: 'allowed', destination: 'api', target: { type: 'repair_application', id }, details: { documentId } });
      return d;
    },

    /** An enterprise's applications, or all (operators), with counts per status. */
    async list(p: Principal, f: { status?: ApplicationRow['status']; limit?: number }) {
      const uscc = p.orgKind === 'operator' ? null : enterpriseOf(p);
      const items = await store.list(db, { uscc: uscc ?? undefined, status: f.status, limit: f.limit ?? 200 });
      await opts.audit?.append({ kind: 'access', action: 'repair.list', actor: actorOf(p), subject: uscc, outcome: 'allowed', destination: 'api', details: { applications: items.length, status: f.status ?? null } });
      return { items, counts: await store.counts(db, uscc) };
    },

    /**
     * The end of publicity at expiry: published ADMIN_PENALTY records whose longest period has passed are withheld
     * ('expired'). Candidates are read in key order from the oldest decision dates that can have expired.
     */
    async expireDue(): Promise<number> {
      const day = today();
      const cutoff = addPeriod(day, { months: minimumLongestMonths(rules) }, -1);
      const at = new Date(clock());
      let expired = 0;
      for (const item of rules.repair.kinds.penalty_publicity.items) {
        let after: [string, string] | null = null;
        for (;;) {
          const page = await aggregation.publishedDatedOnOrBefore(item, 'decision_date', cutoff, after, 500);
          if (page.length === 0) break;
          for (const r of page) {
            const w = penaltyWindow(r.data, rules);
            if (!w || day < w.longestEndsOn) continue;
            const ref = { uscc: r.uscc, item, key: r.key };
            await db.tx((q) => aggregation.marks.withhold(q, ref, { reason: 'expired', ref: `publicity-periods-v${rules.version}` }, at));
            await opts.audit?.append({
              kind: 'change', action: 'repair.publicity_expired', actor: actorOf(null), outcome: 'ok', subject: r.uscc, items: [item],
              target: { type: 'record', id: `${item}:${r.key}` }, details: { case: w.case, decisionDate: w.decisionDate, publicityEndedOn: w.longestEndsOn, rulesVersion: rules.version },
            });
            expired++;
          }
          const last = page[page.length - 1];
          after = [last.uscc, last.key];
        }
      }
      return expired;
    },
  };
}

export type RepairService = ReturnType<typeof createRepairService>;
