/**
 * 小微企业融资协调工作机制 (2024): visits (走访), the recommendation list (推荐清单) screened against the negative list,
 * the banks each listed enterprise is pushed to, the banks' feedback within the deadline, and the tracking figures.
 * Facts about enterprises come from other modules through the dependencies below (wired in src/app.ts).
 */
import type { Db, Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, notFound } from '../../platform/http/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import {
  dueAt, isOverdue, loadFeedbackSettings, loadNegativeList, parseFen, periodDays, screenCandidate, TRANSITIONS,
  type FeedbackSettings, type NegativeList,
} from './rules.ts';
import { createCoordinationStore, type AssignmentRow, type CandidateRow, type FigureRow, type VisitFilter } from './store.ts';

export interface Requester { actor: AuditActor; name: string; orgId: string }

export interface CoordinationOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  /** the registry entry of an enterprise (entities), or null when it is not registered */
  entity: (uscc: string) => Promise<{ name: string; regionCode: string } | null>;
  /** an error when the USCC is malformed (GB 32100-2015), else null */
  usccError: (uscc: string) => Error | null;
  /** the current evaluation features of the named enterprises (evaluation; evaluates those never evaluated) */
  features: (usccs: readonly string[]) => Promise<Map<string, { features: Record<string, unknown> }>>;
  /** the latest completed white-list and which of the named enterprises are on it (whitelist); null when none ran */
  whitelist?: (usccs: readonly string[]) => Promise<{ period: string; listed: Set<string> } | null>;
  /** the institutions a list can be pushed to (identity: organisations of kind institution) */
  institutions: () => Promise<{ id: string; name: string; regionCode: string; category: string | null }[]>;
  /** writes one in-app notification to an organisation inside the caller's transaction (the consent module's) */
  notify?: (q: Queryable, n: { id: string; orgId: string; kind: string; payload: { zh: string; en: string; listId: string; period: string; count: number }; at: Date }) => Promise<void>;
  negativeList?: NegativeList;
  settings?: FeedbackSettings;
}

export interface VisitInput {
  uscc: string; visitedOn: string; visitors: string[]; channel: string;
  need?: { amountFen: string; termMonths?: number; purpose?: string; guarantee?: string } | null;
  difficulties?: string[]; difficultyNote?: string; followUp?: string;
}

export interface ResponseInput { kind: 'accepted' | 'granted' | 'disbursed' | 'declined'; amountFen?: string; on?: string; reasonCode?: string; note?: string }

export interface Figures {
  recommended: number; assignments: number; responded: number; granted: number; grantedFen: string; disbursed: number; disbursedFen: string;
  declined: number; declinedByReason: Record<string, number>; overdue: number;
}

const CST_OFFSET_MS = 8 * 3_600_000;
/** The Asia/Shanghai calendar day of an instant. */
const cstDate = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);

const LIST_NOT_FOUND = () => notFound('COORDINATION_LIST_NOT_FOUND', { zh: '没有这份推荐清单', en: 'No such recommendation list' });
const ASSIGNMENT_NOT_FOUND = () => notFound('COORDINATION_ASSIGNMENT_NOT_FOUND', { zh: '没有推送给贵机构的这条企业记录', en: 'No such enterprise was pushed to your institution' });

function futureDate(field: string) {
  return badRequest('COORDINATION_DATE_IN_FUTURE', { zh: `${field} 不能晚于今天`, en: `${field} cannot be later than today` }, { field });
}

export function createCoordinationService(opts: CoordinationOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const store = createCoordinationStore(db);
  const negative = opts.negativeList ?? loadNegativeList();
  const settings = opts.settings ?? loadFeedbackSettings();
  const codesOf = (list: { code: string }[]) => new Set(list.map((c) => c.code));
  const channels = codesOf(settings.channels);
  const difficulties = codesOf(settings.difficulties);
  const declineReasons = codesOf(settings.declineReasons);

  async function audit(action: string, requester: Requester, target: { type: string; id: string }, details: Record<string, unknown>, destination?: string) {
    await opts.audit?.append({ kind: 'change', action, actor: requester.actor, outcome: 'ok', target, details, ...(destination ? { destination } : {}) });
  }

  async function recordVisit(input: VisitInput, requester: Requester) {
    const bad = opts.usccError(input.uscc);
    if (bad) throw bad;
    const entity = await opts.entity(input.uscc);
    if (!entity) throw notFound('COORDINATION_ENTERPRISE_UNKNOWN', { zh: `名录中没有统一社会信用代码为 ${input.uscc} 的企业`, en: `No enterprise with USCC ${input.uscc} in the registry` });
    if (input.visitedOn > cstDate(clock())) throw futureDate('visitedOn');
    if (!channels.has(input.channel)) throw badRequest('COORDINATION_CODE_UNKNOWN', { zh: `走访方式 ${input.channel} 不在代码表中`, en: `Unknown visit channel ${input.channel}` }, { field: 'channel' });
    const unknown = (input.difficulties ?? []).filter((d) => !difficulties.has(d));
    if (unknown.length) throw badRequest('COORDINATION_CODE_UNKNOWN', { zh: `困难代码 ${unknown.join('、')} 不在代码表中`, en: `Unknown difficulty codes: ${unknown.join(', ')}` }, { field: 'difficulties' });
    const visitors = input.visitors.map((v) => v.trim()).filter((v) => v !== '');
    if (visitors.length === 0) throw badRequest('COORDINATION_VISITORS_REQUIRED', { zh: '请填写走访人员', en: 'Name at least one visitor' }, { field: 'visitors' });
    const need = input.need ?? null;
    const amount = need ? parseFen(need.amountFen, 'need.amountFen') : null;
    const id = uuidv7();
    await store.insertVisit({
      id, uscc: input.uscc, enterprise_name: entity.name, region_code: entity.regionCode, visited_on: input.visitedOn, visitors, channel: input.channel,
      has_need: need !== null, need_amount_fen: amount?.toString() ?? null, need_term_months: need?.termMonths ?? null,
      need_purpose: need?.purpose?.trim() || null, need_guarantee: need?.guarantee?.trim() || null, difficulties: [...new Set(input.difficulties ?? [])],
      difficulty_note: input.difficultyNote?.trim() || null, follow_up: input.followUp?.trim() || null,
      recorded_by_org: requester.orgId, recorded_by: requester.name, recorded_at: new Date(clock()),
    });
    return (await store.visit(id))!;
  }

  /** Builds a draft list from the visits with a need in the period and region, each candidate screened with reasons. */
  async function buildList(input: { period: string; regionPrefix: string }, requester: Requester) {
    const { from, to } = periodDays(input.period);
    const visits = await store.needVisits(db, from, to, input.regionPrefix);
    if (visits.length === 0) {
      throw badRequest('COORDINATION_NO_CANDIDATES', {
        zh: `${input.period} ${input.regionPrefix ? `地区 ${input.regionPrefix} ` : ''}没有登记融资需求的走访记录，无法生成推荐清单`,
        en: `No visit with a financing need in ${input.period}${input.regionPrefix ? ` in region ${input.regionPrefix}` : ''}; there is nothing to list`,
      }, { period: input.period, region: input.regionPrefix });
    }
    const usccs = visits.map((v) => v.uscc);
    const registered = new Map<string, boolean>();
    for (const u of usccs) registered.set(u, (await opts.entity(u)) !== null);
    const features = usccs.length ? await opts.features(usccs.filter((u) => registered.get(u))) : new Map();
    const wl = opts.whitelist && usccs.length ? await opts.whitelist(usccs) : null;
    const id = uuidv7();
    const candidates: CandidateRow[] = visits.map((v) => {
      const { included, reasons } = screenCandidate({
        registered: registered.get(v.uscc) ?? false,
        features: features.get(v.uscc)?.features ?? null,
        whitelistPeriod: opts.whitelist ? (wl && wl.listed.has(v.uscc) ? wl.period : null) : undefined,
        needAmountFen: BigInt(v.need_amount_fen!),
      }, negative);
      return { list_id: id, uscc: v.uscc, enterprise_name: v.enterprise_name, region_code: v.region_code, visit_id: v.id, need_amount_fen: v.need_amount_fen!, included, reasons };
    });
    const included = candidates.filter((c) => c.included).length;
    await db.tx(async (q) => {
      await store.insertList(q, {
        id, period: input.period, region_prefix: input.regionPrefix, status: 'draft', rules_version: negative.version, deadline_days: settings.responseDeadlineDays,
        candidates: candidates.length, included, created_by: requester.name, created_at: new Date(clock()),
      });
      await store.insertCandidates(q, candidates);
    });
    await audit('coordination.list.built', requester, { type: 'coordination_list', id }, {
      period: input.period, regionPrefix: input.regionPrefix, rulesVersion: negative.version, candidates: candidates.length, included,
    });
    return id;
  }

  /** Confirms a draft and pushes every included enterprise to the banks chosen for it (at least one each). */
  async function confirmList(id: string, assignments: { uscc: string; institutionIds: string[] }[], requester: Requester) {
    const list = await store.list(id);
    if (!list) throw LIST_NOT_FOUND();
    if (list.status !== 'draft') throw conflict('COORDINATION_LIST_CONFIRMED', { zh: '这份推荐清单已确认推送', en: 'This recommendation list is already confirmed' });
    const candidates = new Map((await store.candidates(id)).map((c) => [c.uscc, c]));
    const known = new Map((await opts.institutions()).map((i) => [i.id, i]));
    const chosen = new Map<string, Set<string>>();
    for (const a of assignments) {
      const c = candidates.get(a.uscc);
      if (!c) throw badRequest('COORDINATION_NOT_A_CANDIDATE', { zh: `企业 ${a.uscc} 不在这份清单上`, en: `Enterprise ${a.uscc} is not on this list` }, { uscc: a.uscc });
      if (!c.included) throw badRequest('COORDINATION_EXCLUDED', { zh: `企业 ${a.uscc} 已按负面清单排除，不能推送`, en: `Enterprise ${a.uscc} was excluded by the negative list and cannot be pushed` }, { uscc: a.uscc });
      for (const inst of a.institutionIds) {
        if (!known.has(inst)) throw badRequest('COORDINATION_INSTITUTION_UNKNOWN', { zh: '所选机构不是平台上的金融机构', en: 'The chosen organisation is not an institution on the platform' }, { institutionId: inst });
      }
      chosen.set(a.uscc, new Set([...(chosen.get(a.uscc) ?? []), ...a.institutionIds]));
    }
    const unassigned = [...candidates.values()].filter((c) => c.included && !(chosen.get(c.uscc)?.size));
    if (unassigned.length) {
      throw badRequest('COORDINATION_UNASSIGNED', {
        zh: `还有 ${unassigned.length} 家入选企业未分配银行`, en: `${unassigned.length} included enterprises have no bank assigned`,
      }, { usccs: unassigned.map((c) => c.uscc) });
    }
    const at = new Date(clock());
    const due = dueAt(at, list.deadline_days);
    const rows = [...chosen].flatMap(([uscc, banks]) => [...banks].map((inst) => ({ id: uuidv7(), list_id: id, uscc, institution_org_id: inst, assigned_at: at, due_at: due })));
    const perBank = new Map<string, number>();
    for (const r of rows) perBank.set(r.institution_org_id, (perBank.get(r.institution_org_id) ?? 0) + 1);
    const dueDay = cstDate(due.getTime());
    await db.tx(async (q) => {
      if (!await store.confirmList(q, id, requester.name, at)) throw conflict('COORDINATION_LIST_CONFIRMED', { zh: '这份推荐清单已确认推送', en: 'This recommendation list is already confirmed' });
      await store.insertAssignments(q, rows);
      for (const [orgId, n] of perBank) {
        await opts.notify?.(q, {
          id: uuidv7(), orgId, kind: 'coordination.pushed', at,
          payload: {
            zh: `融资协调推荐清单（${list.period}）已推送：${n} 户申贷企业，请于 ${dueDay} 前反馈`,
            en: `Financing coordination list (${list.period}): ${n} enterprises pushed to you; respond by ${dueDay}`,
            listId: id, period: list.period, count: n,
          },
        });
      }
    });
    await audit('coordination.list.confirmed', requester, { type: 'coordination_list', id }, {
      period: list.period, regionPrefix: list.region_prefix, included: list.included, assignments: rows.length, dueAt: due.toISOString(),
    });
    for (const [inst, n] of perBank) {
      await audit('coordination.pushed', requester, { type: 'coordination_list', id }, { institutionOrgId: inst, enterprises: n, dueAt: due.toISOString() }, 'in_app');
    }
  }

  async function respond(assignmentId: string, input: ResponseInput, requester: Requester) {
    const a = await store.assignment(assignmentId);
    if (!a || a.institution_org_id !== requester.orgId) throw ASSIGNMENT_NOT_FOUND();
    if (!TRANSITIONS[a.status].includes(input.kind)) {
      throw conflict('COORDINATION_RESPONSE_NOT_ALLOWED', {
        zh: `当前状态（${a.status}）下不能反馈“${input.kind}”`, en: `A "${input.kind}" response is not possible in state ${a.status}`,
      }, { status: a.status, allowed: TRANSITIONS[a.status] });
    }
    const today = cstDate(clock());
    let amount: bigint | null = null;
    if (input.kind === 'granted' || input.kind === 'disbursed') {
      if (input.amountFen === undefined || !input.on) {
        throw badRequest('COORDINATION_AMOUNT_REQUIRED', { zh: '授信和放款须填写金额和日期', en: 'Credit granted and loan disbursed need an amount and a date' }, { field: 'amountFen' });
      }
      amount = parseFen(input.amountFen, 'amountFen');
      if (input.on > today) throw futureDate('on');
    }
    if (input.kind === 'declined') {
      if (!input.reasonCode || !declineReasons.has(input.reasonCode)) {
        throw badRequest('COORDINATION_REASON_REQUIRED', { zh: '不予授信须选择代码表中的原因', en: 'A decline needs a reason from the code list' }, { field: 'reasonCode' });
      }
      if (input.reasonCode === 'other' && !input.note?.trim()) {
        throw badRequest('COORDINATION_NOTE_REQUIRED', { zh: '原因为“其他”时请说明', en: 'Explain the reason when it is "other"' }, { field: 'note' });
      }
    }
    const at = new Date(clock());
    const ok = await db.tx((q) => store.respond(q, {
      id: uuidv7(), assignment_id: a.id, kind: input.kind, amount_fen: amount?.toString() ?? null, on_date: amount !== null ? input.on! : null,
      reason_code: input.kind === 'declined' ? input.reasonCode! : null, note: input.note?.trim() || null, responded_by: requester.name, responded_at: at,
    }, a.status, {
      granted_amount_fen: input.kind === 'granted' ? amount!.toString() : undefined, granted_on: input.kind === 'granted' ? input.on : undefined,
      disbursed_amount_fen: input.kind === 'disbursed' ? amount!.toString() : undefined, disbursed_on: input.kind === 'disbursed' ? input.on : undefined,
      decline_reason: input.kind === 'declined' ? input.reasonCode : undefined,
    }));
    if (!ok) throw conflict('COORDINATION_RESPONSE_RACE', { zh: '这条记录刚被他人更新，请刷新后重试', en: 'Someone else just updated this item; reload and try again' });
    await audit('coordination.response.recorded', requester, { type: 'coordination_assignment', id: a.id }, {
      listId: a.list_id, uscc: a.uscc, kind: input.kind, amountFen: amount?.toString() ?? null, reasonCode: input.reasonCode ?? null,
      late: a.first_response_at === null && isOverdue({ status: a.status, dueAt: a.due_at }, at.getTime()),
    });
    return (await store.assignment(a.id))!;
  }

  /** Tracking figures grouped by list or region; enterprises count once per group. */
  async function figures(by: 'list' | 'region', f: { period?: string; listId?: string }): Promise<Map<string, Figures>> {
    const rows = await store.figures(by, { ...f, now: new Date(clock()) });
    const reasons = await store.declinedByReason(by, f);
    const shape = (r: FigureRow): Figures => ({
      recommended: r.recommended, assignments: r.assignments, responded: r.responded, granted: r.granted, grantedFen: r.granted_fen,
      disbursed: r.disbursed, disbursedFen: r.disbursed_fen, declined: r.declined, declinedByReason: {}, overdue: r.overdue,
    });
    const out = new Map(rows.map((r) => [r.key, shape(r)]));
    for (const r of reasons) {
      const fig = out.get(r.key);
      if (fig) fig.declinedByReason[r.reason] = r.n;
    }
    return out;
  }

  const overdue = (a: AssignmentRow) => isOverdue({ status: a.status, dueAt: a.due_at }, clock());

  return {
    store,
    negativeList: negative,
    settings,
    recordVisit,
    visits: (f: VisitFilter) => store.visits(f),
    buildList,
    confirmList,
    respond,
    figures,
    overdue,
    list: (id: string) => store.list(id),
    lists: (before: { at: Date; id: string } | null, limit: number) => store.lists(before, limit),
    candidates: (id: string) => store.candidates(id),
    assignmentsOfList: (id: string) => store.assignmentsOfList(id),
    queue: (orgId: string, status: string | null, after: { at: Date; id: string } | null, limit: number) => store.queue(orgId, status, after, limit),
    responses: (ids: readonly string[]) => store.responses(ids),
    institutions: () => opts.institutions(),
    now: clock,
  };
}

export type CoordinationService = ReturnType<typeof createCoordinationService>;
