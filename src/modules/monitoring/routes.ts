import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import type { RuleSet } from './rules.ts';
import type { MonitoringService } from './service.ts';
import type { AlertRow, LevelRow, RuleSetRow } from './store.ts';
import { AlertDetail, AlertList, AlertParams, AlertQuery, Dashboard, DashboardQuery, LevelList, MyLevel, NoteBody, RuleSetBody, RuleSetList, RuleSetReply } from './schemas.ts';

export interface MonitoringRouteOptions {
  monitoring: MonitoringService;
  orgName: (id: string) => Promise<string | null>;
}

/** The lender's people who work alerts (SPEC §1: institutions receive risk alerts on their borrowers). */
const ALERT_ROLES: readonly Role[] = ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'];
/** Operators supervise: they read alerts and the dashboard, and only op_admin edits the rules. */
const READ_ROLES: readonly Role[] = [...ALERT_ROLES, ...OPERATOR_ROLES];
const OP_ADMIN: readonly Role[] = ['op_admin'];

const requesterOf = (p: Principal) => ({ actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` });
const shapeRuleSet = (r: RuleSetRow) => ({ version: r.version, active: r.active, createdBy: r.created_by, createdAt: r.created_at.toISOString(), definition: r.definition });
const scalar = (v: unknown) => (v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v));

/** The objection mark as the screens show it, whatever shape the aggregation module gives it (a flag or an object). */
function objectionOf(o: unknown) {
  if (!o) return null;
  const m = typeof o === 'object' ? (o as Record<string, unknown>) : {};
  return { state: typeof m.state === 'string' ? m.state : null, filedAt: typeof m.filedAt === 'string' ? m.filedAt : null };
}

/** C10 risk monitoring API under /api/v1/monitoring. */
export const monitoringRoutes: FastifyPluginAsync<MonitoringRouteOptions> = async (app, opts) => {
  const { monitoring } = opts;
  const names = new Map<string, string | null>();
  const orgName = async (id: string) => {
    if (!names.has(id)) names.set(id, await opts.orgName(id));
    return names.get(id)!;
  };

  async function shapeAlert(a: AlertRow, objection: unknown = a.facts.objection) {
    return {
      id: a.id, uscc: a.uscc, entityName: a.entity_name, regionCode: a.region_code, applicationId: a.application_id,
      institution: { id: a.institution_org_id, name: await orgName(a.institution_org_id) }, ruleId: a.rule_id, ruleVersion: a.rule_version,
      severity: a.severity, title: { zh: a.title_zh, en: a.title_en }, item: a.item_code, recordKey: a.record_key, recordVersion: a.record_version,
      facts: { field: typeof a.facts.field === 'string' ? a.facts.field : null, value: scalar(a.facts.value), previous: scalar(a.facts.previous) },
      objection: objectionOf(objection), status: a.status, arrivedAt: a.arrived_at.toISOString(), createdAt: a.created_at.toISOString(),
      latencyMs: a.latency_ms,
      acknowledgedAt: a.acknowledged_at?.toISOString() ?? null, acknowledgedBy: a.acknowledged_by, closedAt: a.closed_at?.toISOString() ?? null, closedBy: a.closed_by,
    };
  }

  async function shapeLevels(rows: LevelRow[]) {
    const set = await monitoring.activeRules();
    const entity = await monitoring.names(rows.map((r) => r.uscc));
    return rows.map((r) => {
      const level = set.levels.find((l) => l.id === r.level);
      return {
        uscc: r.uscc, entityName: entity.get(r.uscc) ?? null, level: r.level, name: { zh: level?.zh ?? r.level, en: level?.en ?? r.level }, rank: level?.rank ?? 0,
        consequences: level?.consequences ?? [], basis: r.basis, since: r.since.toISOString(), curedAt: r.cured_at?.toISOString() ?? null, endsAt: r.ends_at?.toISOString() ?? null,
      };
    });
  }

  app.get('/monitoring/rules', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['monitoring'], summary: 'The active screening and level rules and every published version', response: { 200: RuleSetList } },
  }, async () => {
    await monitoring.activeRules();
    const versions = (await monitoring.ruleSets()).map(shapeRuleSet);
    return { active: versions.find((v) => v.active)!, versions };
  });

  app.post('/monitoring/rules', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: ['monitoring'], summary: 'Publish a new rule-set version (validated against the catalog; becomes the active one)', body: RuleSetBody, response: { 201: RuleSetReply } },
  }, async (request, reply) => {
    const version = await monitoring.publishRules(request.body as Static<typeof RuleSetBody> as RuleSet, requesterOf(requirePrincipal(request)));
    return reply.code(201).send(shapeRuleSet((await monitoring.ruleSets()).find((r) => r.version === version)!));
  });

  app.get('/monitoring/alerts', {
    config: { access: { roles: READ_ROLES } },
    schema: { tags: ['monitoring'], summary: "Risk alerts: an institution's own, operators all; newest first (keyset pagination)", querystring: AlertQuery, response: { 200: AlertList } },
  }, async (request) => {
    const q = request.query as Static<typeof AlertQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const p = requirePrincipal(request);
    const rows = await monitoring.alerts(p, {
      status: q.status, severity: q.severity, ruleId: q.rule, uscc: q.uscc, before: after ? { at: new Date(after[0]), id: after[1] } : null, limit,
    });
    await monitoring.auditShown(p, 'monitoring.alerts.listed', rows.map((a) => a.uscc));
    const last = rows.at(-1);
    return { items: await Promise.all(rows.map((a) => shapeAlert(a))), nextCursor: rows.length === limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  });

  app.get('/monitoring/alerts/:id', {
    config: { access: { roles: READ_ROLES } },
    schema: { tags: ['monitoring'], summary: 'One alert with its history and the borrower\'s default level (another institution\'s is 404)', params: AlertParams, response: { 200: AlertDetail } },
  }, async (request) => {
    const { id } = request.params as Static<typeof AlertParams>;
    const found = await monitoring.alert(requirePrincipal(request), id);
    return {
      alert: await shapeAlert(found.alert, found.objection),
      events: found.events.map((e) => ({ action: e.action, fromStatus: e.from_status, toStatus: e.to_status, actor: e.actor, note: e.note, at: e.at.toISOString() })),
      level: found.level ? (await shapeLevels([found.level]))[0] : null,
    };
  });

  for (const action of ['acknowledge', 'close'] as const) {
    app.post(`/monitoring/alerts/:id/${action}`, {
      config: { access: { roles: ALERT_ROLES } },
      schema: {
        tags: ['monitoring'], params: AlertParams, body: NoteBody, response: { 200: AlertDetail },
        summary: action === 'acknowledge' ? 'Acknowledge an open alert (note optional)' : 'Close an alert with a note on how it was handled',
      },
    }, async (request) => {
      const p = requirePrincipal(request);
      const { id } = request.params as Static<typeof AlertParams>;
      const note = (request.body as Static<typeof NoteBody> | undefined)?.note;
      if (action === 'acknowledge') await monitoring.acknowledge(p, id, note);
      else await monitoring.close(p, id, note ?? '');
      const found = await monitoring.alert(p, id);
      return {
        alert: await shapeAlert(found.alert, found.objection),
        events: found.events.map((e) => ({ action: e.action, fromStatus: e.from_status, toStatus: e.to_status, actor: e.actor, note: e.note, at: e.at.toISOString() })),
        level: found.level ? (await shapeLevels([found.level]))[0] : null,
      };
    });
  }

  app.get('/monitoring/dashboard', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['monitoring'], summary: 'Unclosed alerts by severity, rule, region, institution; the trend; the oldest unacknowledged; default levels', querystring: DashboardQuery, response: { 200: Dashboard } },
  }, async (request) => {
    const { days } = request.query as Static<typeof DashboardQuery>;
    const p = requirePrincipal(request);
    const d = await monitoring.dashboard(p, days ?? 30);
    await monitoring.auditShown(p, 'monitoring.dashboard.read', [...d.oldest.map((a) => a.uscc), ...d.levels.map((l) => l.uscc)]);
    const levels = await shapeLevels(d.levels);
    const levelCounts = new Map<string, number>();
    for (const l of levels) levelCounts.set(l.level, (levelCounts.get(l.level) ?? 0) + 1);
    return {
      bySeverity: d.bySeverity, byRule: d.byRule, byRegion: d.byRegion, byStatus: d.byStatus,
      byInstitution: await Promise.all(d.byInstitution.map(async (c) => ({ ...c, name: c.key ? await orgName(c.key) : null }))),
      trend: d.trend as { day: string; severity: 'high' | 'medium' | 'low'; n: number }[],
      oldest: await Promise.all(d.oldest.map((a) => shapeAlert(a))), levels, levelCounts: [...levelCounts].map(([key, n]) => ({ key, n })),
    };
  });

  app.get('/monitoring/levels', {
    config: { access: { roles: READ_ROLES } },
    schema: { tags: ['monitoring'], summary: 'Default / dishonesty levels in force: operators all; an institution those of its applicants and borrowers', response: { 200: LevelList } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const rows = await monitoring.levels(p);
    await monitoring.auditShown(p, 'monitoring.levels.listed', rows.map((r) => r.uscc));
    return { items: await shapeLevels(rows) };
  });

  app.get('/monitoring/my-level', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: ['monitoring'], summary: "The enterprise's own default / dishonesty level and its history (信息主体免费查询)", response: { 200: MyLevel } },
  }, async (request) => {
    const uscc = requirePrincipal(request).uscc;
    if (!uscc) return { level: null, history: [] };
    const held = await monitoring.store.level(uscc);
    const history = await monitoring.levelHistory(uscc);
    const levels = (await monitoring.activeRules()).levels;
    const nameOf = (id: string | null) => {
      const l = id === null ? undefined : levels.find((x) => x.id === id);
      return l ? { zh: l.zh, en: l.en } : null;
    };
    return {
      level: held ? (await shapeLevels([held]))[0] : null,
      history: history.map((h) => ({ action: h.action, from: h.from_level, to: h.to_level, toName: nameOf(h.to_level), at: h.at.toISOString() })),
    };
  });
};
