import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loginAs } from '../../../test/support/http.ts';
import { createSignedTransport, PlatformError, type PlatformTransport } from './institution/transport.ts';
import { runPsi } from './institution/psi-client.ts';
import { runTraining } from './institution/train-client.ts';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';
import { PLATFORM_FEATURES } from './platform-features.ts';

/**
 * PSI and hetero-LR over real HTTP with a signed institution key, recording every message the platform sends to the
 * institution (and every one it receives) to show no raw value crosses in clear.
 */
let server: TestServer;
let workers: WorkerPool;
let bankOrg: string;
let trainingId: string;
let transport: PlatformTransport;
const sent: string[] = [];
const received: string[] = [];
let platformIds: string[];
let customers: string[];
let shared: string[];

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const fakeUscc = (i: number) => `91990000MA${String(i).padStart(7, '0')}`.slice(0, 17) + USCC_ALPHABET[i % 31];

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 90 });
  workers = createWorkerPool(2);
  const orgs = await server.services.identity.organisations('institution');
  bankOrg = orgs.find((o: { name: string }) => o.name === '华北示范商业银行廊坊分行')!.id;
  const key = await server.services.identity.issueApiKey(bankOrg, 'privacy cli', ['inst_loan_officer']);
  const recordingFetch: typeof fetch = async (input, init) => {
    received.push(String(init?.body ?? ''));
    const res = await fetch(input, init);
    const text = await res.text();
    sent.push(text);
    return new Response(text, { status: res.status, headers: res.headers });
  };
  transport = createSignedTransport({ baseUrl: server.url, keyId: key.keyId, secret: key.secret, fetch: recordingFetch });
  platformIds = (await server.services.entities.store.search({ limit: 1000 })).map((r: { uscc: string }) => r.uscc);
  shared = platformIds.slice(0, 60);
  customers = [...shared, ...Array.from({ length: 25 }, (_, i) => fakeUscc(i))];
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
});

/** loginAs, once more on a TOTP refusal: on a loaded machine a 30-second step can pass between code and check. */
async function login(username: string) {
  try {
    return await loginAs(server, username);
  } catch (err) {
    if (!String(err).includes('AUTH_TOTP_INVALID')) throw err;
    return loginAs(server, username);
  }
}

describe('role matrix of the privacy routes', () => {
  it('refuses every role a privacy route does not name with 403 FORBIDDEN_ROLE, before any work', async () => {
    const routes = server.app.accessTable.filter((r) => r.url.startsWith('/api/v1/privacy') || r.url.startsWith('/privacy'));
    expect(routes.length).toBeGreaterThanOrEqual(13);
    for (const user of server.demo.users) {
      const client = await login(user.username);
      for (const route of routes) {
        if (route.access === 'public' || route.access === 'session') throw new Error(`${route.url} must name roles`);
        const url = '/api/v1' + route.url.replace(/^\/api\/v1/, '').replace(':id', '019a0000-0000-7000-8000-000000000000').replace(':chunk', '0');
        const res = await client.request(route.method, url, route.method === 'GET' ? undefined : {});
        if (user.roles.some((r) => route.access !== 'public' && route.access !== 'session' && route.access.roles.includes(r))) {
          expect(res.body?.code, `${route.method} ${url} as ${user.username}`).not.toBe('FORBIDDEN_ROLE');
        } else {
          expect(res.status, `${route.method} ${url} as ${user.username}`).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN_ROLE');
        }
      }
    }
  }, 120_000);
});

describe('private set intersection over the signed machine API', () => {
  let jobId: string;
  it('finds exactly the shared enterprises on both sides', async () => {
    const r = await runPsi(transport, customers, { chunkSize: 100, workers, pollMs: 20 });
    jobId = r.jobId;
    expect(r.intersection).toEqual([...shared].sort());
    expect(r.job.summary).toMatchObject({ institutionCount: 85, platformCount: platformIds.length, intersectionCount: 60 });
    expect(await server.services.privacy.psi.get(bankOrg, jobId, { actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, name: 't' }))
      .toMatchObject({ status: 'finished', intersection_count: 60 });
  }, 120_000);

  it('lists jobs to their institution and to operators, and hides them from others', async () => {
    const officer = await login('bank_officer');
    const mine = await officer.get('/api/v1/privacy/psi-jobs');
    expect(mine.status).toBe(200);
    expect(mine.body.items[0]).toMatchObject({ id: jobId, institution: { id: bankOrg }, status: 'finished', progress: 1 });
    expect(mine.body.items[0].summary.intersectionCount).toBe(60);
    const operator = await login('operator');
    expect((await operator.get('/api/v1/privacy/psi-jobs')).body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    expect((await operator.get(`/api/v1/privacy/psi-jobs/${jobId}`)).status).toBe(200);
    const enterprise = await login('ent_demo');
    const refused = await enterprise.get('/api/v1/privacy/psi-jobs');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    const other = (await server.services.identity.organisations('institution')).find((o: { id: string }) => o.id !== bankOrg)!;
    const otherKey = await server.services.identity.issueApiKey(other.id, 'other', ['inst_loan_officer']);
    const stranger = createSignedTransport({ baseUrl: server.url, keyId: otherKey.keyId, secret: otherKey.secret });
    await expect(stranger.request('GET', `/privacy/psi-jobs/${jobId}`)).rejects.toMatchObject({ status: 404, code: 'PSI_JOB_NOT_FOUND' });
  });

  it('refuses malformed chunks and uploads out of turn with clear codes', async () => {
    const job = await transport.request<{ id: string }>('POST', '/privacy/psi-jobs', { idCount: 3 });
    const bad = await transport.request('PUT', `/privacy/psi-jobs/${job.id}/blinded/0`, { points: Buffer.alloc(40).toString('base64') }).catch((e: PlatformError) => e);
    expect(bad).toMatchObject({ status: 400, code: 'PSI_CHUNK_MALFORMED' });
    const early = await transport.request('GET', `/privacy/psi-jobs/${job.id}/platform-set/0`).catch((e: PlatformError) => e);
    expect(early).toMatchObject({ status: 409, code: 'PSI_JOB_STATE' });
  });

  it('trains hetero-LR with the institution as guest, the platform as host and arbiter', async () => {
    // The institution's own book: two features and a label per shared enterprise.
    const rows = new Map<string, number[]>();
    const labels = new Map<string, number>();
    shared.forEach((id, i) => {
      rows.set(id, [1000 + ((i * 37) % 101) * 13.5, (i * 7919) % 23]);
      labels.set(id, (i * 31) % 5 === 0 ? 1 : 0);
    });
    const model = await runTraining(transport, { ids: shared, names: ['deposit_avg', 'overdue_days'], rows, labels }, {
      psiJobId: jobId, batchSize: 30, maxIterations: 2, learningRate: 0.5, workers,
    });
    expect(model.training).toMatchObject({ status: 'finished', step: 2, samples: 60, hostFeatures: [...PLATFORM_FEATURES] });
    trainingId = model.trainingId;
    expect(model.weights.some((w) => w !== 0)).toBe(true);

    const operator = await login('operator');
    const list = await operator.get('/api/v1/privacy/trainings');
    expect(list.body.items[0]).toMatchObject({ id: model.trainingId, institution: { id: bankOrg }, status: 'finished', progress: 1 });
    expect(list.body.items[0].summary).toMatchObject({ iterations: 2, samples: 60 });
    const spec = await operator.get(`/api/v1/privacy/trainings/${model.trainingId}/model`);
    expect(spec.body).toMatchObject({ format: 'xinrong.logistic-spec/v1', kind: 'logistic', source: { role: 'host' } });
    expect(spec.body.terms).toHaveLength(PLATFORM_FEATURES.length);
    const log = await operator.get(`/api/v1/privacy/trainings/${model.trainingId}/arbiter-log`);
    expect(log.body.items.map((e: { kind: string }) => e.kind)).toEqual(['key', 'decrypt', 'decrypt', 'convergence', 'decrypt', 'decrypt', 'convergence']);

    // A stale step is refused; the training is over.
    await expect(transport.request('POST', `/privacy/trainings/${model.trainingId}/forward`, { step: 0 })).rejects.toMatchObject({ status: 409, code: 'TRAINING_NOT_RUNNING' });

    // Every message of both protocols, searched for what must not cross in clear. The protocol's own real numbers
    // (gradient norm, progress, learning rate, timestamps …) and the masked gradient's decimal digits (G + R, checked in
    // hetero-lr.test.ts) are taken out first: a raw value could be a substring of one by chance.
    const PROTOCOL_NUMBERS = new Set(['gradientNorm', 'progress', 'learningRate', 'lambda', 'tolerance', 'maskedGradient', 'createdAt', 'finishedAt']);
    const fromPlatform = sent.map((t) => (t ? JSON.stringify(JSON.parse(t), (k, v: unknown) => (PROTOCOL_NUMBERS.has(k) ? undefined : v)) : '')).join('\n');
    for (const id of platformIds.filter((u) => !shared.includes(u))) expect(fromPlatform).not.toContain(id);
    for (const id of shared) expect(fromPlatform).not.toContain(id);
    const hostValues = await server.services.evaluation.currentFeatures(shared);
    const raw = new Set<string>();
    for (const { features } of hostValues.values()) {
      for (const name of PLATFORM_FEATURES) {
        const v = features[name];
        // Base64 has no '.', so any decimal is searched; whole numbers from six digits up (shorter ones occur in base64 by chance).
        if (typeof v === 'number' && (String(v).includes('.') ? String(v).length >= 4 : String(v).length >= 6)) raw.add(String(v));
      }
    }
    expect(raw.size).toBeGreaterThan(0);
    for (const v of raw) expect(fromPlatform, `raw value ${v}`).not.toContain(v);
    // Structured check: besides ciphertexts and points, the platform's messages carry only protocol fields.
    const leaves = sent.flatMap((t) => (t ? leavesOf(JSON.parse(t)) : []));
    for (const id of platformIds) expect(leaves).not.toContain(id);
    // And the institution never sent a label, a raw feature value or a non-shared customer id.
    // Its ciphertexts are base64 (a four-digit value turns up in ~80,000 random base64 characters about one run in
    // seven) and its gradient norm is the protocol's own real number: both are set aside, everything else is searched.
    const fromInstitution = received.join('\n');
    for (const id of customers) expect(fromInstitution).not.toContain(id);
    const institutionClear = received
      .map((t) => (t ? JSON.stringify(JSON.parse(t), (k, v: unknown) => (k === 'gradientNormSq' || isCiphertext(v) ? undefined : v)) : ''))
      .join('\n');
    expect(received.join('').length - institutionClear.length).toBeGreaterThan(10_000);
    for (const r of rows.values()) for (const v of r) if (String(v).length >= 4) expect(institutionClear, `raw value ${v}`).not.toContain(String(v));
    expect(fromInstitution).not.toMatch(/"labels?"|"y"/);
  }, 180_000);
});

describe('the trained model in the clean room', () => {
  it('becomes a clean-room spec pending approval: the platform part as learnt, with the institution\'s intercept and bands', async () => {
    const admin = await login('bank_admin');
    const body = { trainingId, name: '联邦逻辑回归 v1', intercept: -1.25, cutoffs: [{ band: 'A', min: 0.6 }, { band: 'B', min: 0.3 }, { band: 'C' }] };
    const r = await admin.post('/api/v1/cleanroom/specs/from-training', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const hostPart = (await admin.get(`/api/v1/privacy/trainings/${trainingId}/model`)).body;
    const [version] = r.body.versions;
    expect(version).toMatchObject({ version: 1, status: 'pending', kind: 'logistic' });
    expect(version.spec.intercept).toBe(-1.25);
    expect(version.spec.terms).toEqual(hostPart.terms.map((t: { feature: string; standardisedCoefficient: number; mean: number; std: number }) => ({
      feature: t.feature, coefficient: t.standardisedCoefficient, standardise: { mean: t.mean, sd: t.std },
    })));
    expect(r.body.description).toContain(trainingId);
    // Another institution's training is not found; a name already used is refused as for any spec.
    expect((await admin.post('/api/v1/cleanroom/specs/from-training', { ...body, trainingId: '0190a0b0-0000-7000-8000-000000000009' })).status).toBe(404);
    expect((await admin.post('/api/v1/cleanroom/specs/from-training', body)).body.code).toBe('CLEANROOM_SPEC_NAME_TAKEN');
  });
});

/** A base64 blob the length of a Paillier ciphertext or a batch of them (what the institution encrypts). */
function isCiphertext(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 256 && /^[A-Za-z0-9+/]+={0,2}$/.test(v);
}

function leavesOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(leavesOf);
  if (v && typeof v === 'object') return Object.values(v).flatMap(leavesOf);
  return [v];
}
