import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { hmacSm3Hex } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/index.ts';
import { createTestDb, testConfig } from '../../../test/support/db.ts';
import { createIdentityService } from '../identity/index.ts';
import { createInstitutionWebhooks, createMemoryAuditSink } from '../consent/index.ts';
import { createWhitelistService, PUSHED_PATH } from './service.ts';
import { openDemands } from '../../../test/support/demands.ts';

/**
 * A white-list run pushes to the institution's signed webhook (the consent module's endpoint) as well as in-app:
 * one queued delivery per institution that has a webhook, carrying the counts and where to fetch the entries.
 */
let platform: Platform;
let withHook: string;
let withoutHook: string;
const ENTERPRISES = 12;
const now = Date.parse('2026-11-02T09:00:00+08:00');
const clock = () => now;
const audit = createMemoryAuditSink();
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = 204;
    res.end();
  });
});

const adminOf = (orgId: string): Principal => ({
  kind: 'user', userId: '00000000-0000-7000-8000-000000000001', username: 'bank_admin', displayName: '机构管理员', orgId,
  orgKind: 'institution', orgName: '廊坊银行', uscc: null, roles: ['inst_admin'], mfaPassed: true, sessionHash: 'x',
});

beforeAll(async () => {
  const db = await createTestDb();
  platform = await createPlatform(testConfig(), { db, migrate: false });
  const identity = createIdentityService(db, platform.config, platform.keys);
  const org = await identity.createOrganisation({ kind: 'enterprise', name: '示范企业', uscc: '91130000000000000X', regionCode: '131000' });
  const { id: user } = await identity.createUser({ orgId: org, username: 'ent_signer', displayName: '法定代表人', password: 'Xr-commitment-1', roles: ['enterprise_legal_rep'] });
  // Every enterprise fits the shipped rules (rules-v1.json) but the last, which has not signed the credit commitment.
  await db.query(`INSERT INTO entities (uscc, name, entity_type, registration_authority, region_code, industry_code, established_on, status,
      size_class, size_rule, size_rule_en, size_table_version)
    SELECT '92' || lpad(i::text, 16, '0'), '企业' || i, 'enterprise', '示范市场监督管理局', '131002', 'C3311', date '2015-01-01', 'active',
      'small', 'x', 'x', '2011'
    FROM generate_series(1, $1::int) i`, [ENTERPRISES]);
  await db.query(`INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at)
    SELECT uscc, 1, 720, 'A', '[]', '[]', now() FROM entities`);
  await db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
    SELECT uscc, md5(uscc)::uuid, $1, $2, '1', repeat('a', 64), now(), '{}' FROM entities WHERE uscc <> $3`,
  [org, user, '92' + String(ENTERPRISES).padStart(16, '0')]);
  await openDemands(db, 'all');
  withHook = await identity.createOrganisation({ kind: 'institution', name: '廊坊银行', regionCode: '131000', category: 'bank' });
  withoutHook = await identity.createOrganisation({ kind: 'institution', name: '河北银行', regionCode: '130100', category: 'bank' });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await platform?.db.close();
});

describe('white-list pushes to signed webhooks', () => {
  it('queues one signed delivery for an institution with a webhook (counts and a link, not the entries); one without gets only the in-app push', async () => {
    const hooks = createInstitutionWebhooks({ db: platform.db, keys: platform.keys, clock, allowInsecure: true });
    const hook = await hooks.set(adminOf(withHook), `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/xinrong`);
    const whitelist = createWhitelistService({ db: platform.db, clock, audit, webhooks: hooks });
    const requester = { actor: { userId: null, keyId: null, role: 'inst_admin', orgId: null, orgKind: 'institution' }, name: 'inst' };
    await whitelist.setSubscription(withHook, { regionPrefixes: ['13'], industryPrefixes: [] }, requester);
    await whitelist.setSubscription(withoutHook, { regionPrefixes: [], industryPrefixes: ['C'] }, requester);

    const run = await whitelist.runWhitelist({ trigger: 'monthly', period: '2026-11' });
    expect(run).toMatchObject({ evaluated: ENTERPRISES, listed: ENTERPRISES - 1, joined: ENTERPRISES - 1, pushes: 2 });
    const pushes = await whitelist.pushes(run.runId);
    expect(pushes.map((p) => [p.institution_org_id, p.channel, p.entry_count]).sort()).toEqual([
      [withHook, 'in_app', ENTERPRISES - 1], [withHook, 'webhook', ENTERPRISES - 1], [withoutHook, 'in_app', ENTERPRISES - 1],
    ].sort());
    const notes = await platform.db.query<{ recipient_org_id: string }>("SELECT recipient_org_id FROM notifications WHERE kind = 'whitelist.pushed'");
    expect(notes.map((n) => n.recipient_org_id).sort()).toEqual([withHook, withoutHook].sort());
    expect(audit.events.filter((e) => e.action === 'whitelist.pushed').map((e) => [e.details?.institutionOrgId, e.destination]).sort()).toEqual([
      [withHook, 'in_app'], [withHook, 'webhook'], [withoutHook, 'in_app'],
    ].sort());

    // exactly one delivery was queued, and it is sent signed
    expect(await hooks.deliverDue()).toBe(1);
    expect(await hooks.deliverDue()).toBe(0);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received;
    const ts = String(headers['x-xr-timestamp']);
    expect(Math.abs(Number(ts) - now / 1000)).toBeLessThanOrEqual(1);
    expect(headers['x-xr-signature']).toBe(`hmac-sm3=${hmacSm3Hex(hook.secret, `${ts}.${body}`)}`);
    expect(headers['x-xr-signature']).not.toBe(`hmac-sm3=${hmacSm3Hex(hook.secret, `${ts}.${body} `)}`);
    expect(JSON.parse(body)).toEqual({
      event: 'whitelist.pushed', eventId: headers['x-xr-event-id'],
      whitelist: {
        runId: run.runId, period: '2026-11', trigger: 'monthly', ruleVersion: run.ruleVersion, institutionId: withHook, entries: ENTERPRISES - 1,
        listed: ENTERPRISES - 1, joined: ENTERPRISES - 1, stayed: 0, left: 0, at: new Date(now).toISOString(), entriesPath: PUSHED_PATH,
      },
    });
    expect(PUSHED_PATH).toBe('/api/v1/whitelist/pushed');
    expect(body).not.toContain('9200000000');
    // the link leads to the pushed entries
    const pushed = await whitelist.pushed(withHook, null, 100);
    expect(pushed?.entries).toHaveLength(ENTERPRISES - 1);
  });

  it('pushes in-app only when no webhooks are wired in', async () => {
    const whitelist = createWhitelistService({ db: platform.db, clock });
    const run = await whitelist.runWhitelist({ trigger: 'on_demand', period: '2026-11' });
    expect(run).toMatchObject({ stayed: ENTERPRISES - 1, pushes: 2 });
    expect((await whitelist.pushes(run.runId)).map((p) => p.channel)).toEqual(['in_app', 'in_app']);
  });
});
