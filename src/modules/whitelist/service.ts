/**
 * C7 信易贷白名单: monthly and on-demand selection of enterprises by configurable rules, the diff against the previous
 * run (joined / stayed / left with the rule that stopped holding), pushes to subscribed institutions and the audit
 * events (one 'change' per run with counts, one per push; never one per entry).
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict } from '../../platform/http/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import type { InstitutionWebhooks } from '../consent/index.ts';
import { defaultRuleSet, validateRuleSet, type RuleSet } from './rules.ts';
import { selectWhitelist } from './selection.ts';
import { createWhitelistStore, type EntryFilter, type EntryRow, type Reason, type RunRow } from './store.ts';

export type Entry = Omit<EntryRow, 'reasons'> & { reasons: Reason[] };

export type RunTrigger = 'monthly' | 'on_demand';
export interface Requester { actor: AuditActor; name: string }

export const SYSTEM_REQUESTER: Requester = { actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, name: 'system' };

export interface WhitelistOptions {
  db: Db;
  audit?: AuditSink;
  clock?: () => number;
  /** the institutions' signed webhooks (consent); without it pushes are in-app only */
  webhooks?: InstitutionWebhooks;
}

/** Where an institution fetches the entries of its latest push (the webhook says so rather than carrying them). */
export const PUSHED_PATH = '/api/v1/whitelist/pushed';

export interface RunOutcome {
  runId: string; period: string; ruleVersion: number; evaluated: number; listed: number; joined: number; stayed: number; left: number;
  pushes: number; skipped: { id: string; zh: string; en: string }[]; ms: number;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') of an instant. */
export function cstDate(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function createWhitelistService(opts: WhitelistOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const store = createWhitelistStore(db);
  let running: Promise<RunOutcome> | null = null;

  /** The active rule set; the first use publishes rules-v1.json as version 1. */
  async function activeRules(): Promise<{ version: number; definition: RuleSet }> {
    const found = await store.activeRuleSet();
    if (found) return { version: found.version, definition: found.definition };
    const version = await db.tx((q) => store.publishRuleSet(q, defaultRuleSet(), 'system', new Date(clock())));
    return { version, definition: { ...defaultRuleSet(), version } };
  }

  /** Entries with their reasons in both languages, from the texts of the rule-set version their run used. */
  async function render(runId: string, rows: EntryRow[]): Promise<Entry[]> {
    const run = await store.run(runId);
    const set = run ? await store.ruleSet(run.rule_version) : null;
    const rules = set?.definition.rules ?? [];
    return rows.map((e) => ({
      ...e,
      reasons: rules.filter((r) => Object.hasOwn(e.reasons, r.id)).map((r) => ({ rule: r.id, zh: r.zh, en: r.en, value: e.reasons[r.id] })),
    }));
  }

  async function publishRules(definition: RuleSet, requester: Requester): Promise<number> {
    const problems = validateRuleSet(definition);
    if (problems.length) throw badRequest('WHITELIST_RULES_INVALID', { zh: '白名单规则不合法', en: 'The white-list rule set is not valid' }, { problems });
    await activeRules();
    const version = await db.tx((q) => store.publishRuleSet(q, definition, requester.name, new Date(clock())));
    await opts.audit?.append({
      kind: 'change', action: 'whitelist.rules.published', actor: requester.actor, outcome: 'ok',
      target: { type: 'whitelist_rule_set', id: String(version) }, details: { version, rules: definition.rules.filter((r) => r.enabled).map((r) => r.id) },
    });
    return version;
  }

  async function execute(trigger: RunTrigger, period: string, requester: Requester): Promise<RunOutcome> {
    const started = performance.now();
    const rules = await activeRules();
    const previous = await store.lastCompletedRun();
    const runId = uuidv7();
    const at = new Date(clock());
    await store.insertRun(db, { id: runId, trigger, period, ruleVersion: rules.version, previousRunId: previous?.id ?? null, requestedBy: requester.name, at });
    try {
      const { result, pushed, institutions } = await db.tx(async (q) => {
        const result = await selectWhitelist(q, {
          runId, previousRunId: previous?.id ?? null, asOf: cstDate(at.getTime()), rules: rules.definition,
        });
        const listed = result.joined + result.stayed;
        const pushed: { orgId: string; n: number; pushId: string; channel: 'in_app' | 'webhook' }[] = [];
        for (const s of await store.matchingSubscriptions(q, runId)) {
          if (s.n === 0) continue;
          const pushId = await store.insertPush(q, {
            run_id: runId, institution_org_id: s.institution_org_id, region_prefixes: s.region_prefixes, industry_prefixes: s.industry_prefixes,
            entry_count: s.n, channel: 'in_app', pushed_at: at,
          });
          await store.notify(q, s.institution_org_id, 'whitelist.pushed', {
            zh: `${period} 信易贷白名单已推送：符合贵机构订阅条件的企业 ${s.n} 家`,
            en: `The ${period} white-list is out: ${s.n} enterprises match your subscription`,
            runId, period, count: s.n,
          }, at);
          pushed.push({ orgId: s.institution_org_id, n: s.n, pushId, channel: 'in_app' });
          // The institution's signed webhook, when it has one: what happened and where to fetch it, never the entries.
          if (opts.webhooks) {
            const delivery = await opts.webhooks.enqueueInstitutionEvent(q, s.institution_org_id, {
              type: 'whitelist.pushed',
              whitelist: {
                runId, period, trigger, ruleVersion: rules.version, institutionId: s.institution_org_id, entries: s.n,
                listed, joined: result.joined, stayed: result.stayed, left: result.left, at: at.toISOString(), entriesPath: PUSHED_PATH,
              },
            }, at);
            if (delivery) {
              const hookId = await store.insertPush(q, {
                run_id: runId, institution_org_id: s.institution_org_id, region_prefixes: s.region_prefixes, industry_prefixes: s.industry_prefixes,
                entry_count: s.n, channel: 'webhook', pushed_at: at,
              });
              pushed.push({ orgId: s.institution_org_id, n: s.n, pushId: hookId, channel: 'webhook' });
            }
          }
        }
        const institutions = new Set(pushed.map((p) => p.orgId)).size;
        const summary = { failedBy: result.failedBy, skipped: result.skipped, ms: Math.round(performance.now() - started) };
        await store.completeRun(q, runId, { ...result, listed, pushes: institutions, summary, at: new Date(clock()) });
        return { result, pushed, institutions };
      });
      const listed = result.joined + result.stayed;
      await opts.audit?.append({
        kind: 'change', action: 'whitelist.run.completed', actor: requester.actor, outcome: 'ok', target: { type: 'whitelist_run', id: runId },
        details: {
          trigger, period, ruleVersion: rules.version, evaluated: result.evaluated, listed, joined: result.joined, stayed: result.stayed,
          left: result.left, pushes: institutions, skipped: result.skipped.map((s) => s.id),
        },
      });
      for (const p of pushed) {
        await opts.audit?.append({
          kind: 'change', action: 'whitelist.pushed', actor: requester.actor, outcome: 'ok', destination: p.channel,
          target: { type: 'whitelist_push', id: p.pushId }, details: { runId, period, institutionOrgId: p.orgId, entries: p.n },
        });
      }
      return {
        runId, period, ruleVersion: rules.version, evaluated: result.evaluated, listed, joined: result.joined, stayed: result.stayed,
        left: result.left, pushes: institutions, skipped: result.skipped, ms: Math.round(performance.now() - started),
      };
    } catch (err) {
      await store.failRun(runId, err instanceof Error ? err.message : String(err), new Date(clock()));
      await opts.audit?.append({
        kind: 'change', action: 'whitelist.run.failed', actor: requester.actor, outcome: 'failed', target: { type: 'whitelist_run', id: runId },
        details: { trigger, period },
      });
      throw err;
    }
  }

  return {
    store,
    activeRules,
    publishRules,
    ruleSets: () => store.ruleSets(),
    /** Computes, stores, diffs and pushes one white-list; one run at a time in this process. */
    async runWhitelist(input: { trigger: RunTrigger; period?: string; requester?: Requester }): Promise<RunOutcome> {
      if (running) throw conflict('WHITELIST_RUN_IN_PROGRESS', { zh: '白名单筛选正在进行，请稍后再试', en: 'A white-list run is in progress; try again later' });
      const period = input.period ?? cstDate(clock()).slice(0, 7);
      running = execute(input.trigger, period, input.requester ?? SYSTEM_REQUESTER);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    /** Waits for a run in progress (server shutdown). */
    async drain(): Promise<void> {
      if (running) await running.then(() => undefined, () => undefined);
    },
    completedRunFor: (period: string, trigger: RunTrigger) => store.completedRunFor(period, trigger),
    /** C14 statistics: listed enterprises of each month's latest completed run in [fromPeriod, toPeriod]. */
    listedIn: (fromPeriod: string, toPeriod: string) => store.listedIn(fromPeriod, toPeriod),
    runs: (before: { at: Date; id: string } | null, limit: number): Promise<RunRow[]> => store.runs(before, limit),
    run: (id: string) => store.run(id),
    entries: async (runId: string, f: EntryFilter): Promise<Entry[]> => render(runId, await store.entries(runId, f)),
    departures: (runId: string, limit = 200, after: string | null = null) => store.departures(runId, limit, after),
    pushes: (runId: string) => store.pushes(runId),
    subscription: (orgId: string) => store.subscription(orgId),
    async setSubscription(orgId: string, s: { regionPrefixes: string[]; industryPrefixes: string[] }, requester: Requester) {
      await store.putSubscription({ orgId, ...s, updatedBy: requester.name, at: new Date(clock()) });
      await opts.audit?.append({
        kind: 'change', action: 'whitelist.subscription.updated', actor: requester.actor, outcome: 'ok',
        target: { type: 'whitelist_subscription', id: orgId }, details: { regionPrefixes: s.regionPrefixes, industryPrefixes: s.industryPrefixes },
      });
    },
    /** The entries of the latest push to an institution (null when nothing was pushed to it yet). */
    async pushed(orgId: string, after: string | null, limit: number) {
      const push = await store.latestPush(orgId);
      if (!push) return null;
      return { push, entries: await render(push.run_id, await store.pushedEntries(push, after, limit)) };
    },
  };
}

export type WhitelistService = ReturnType<typeof createWhitelistService>;
