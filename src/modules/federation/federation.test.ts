import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../platform/crypto/index.ts';
import { MemoryNonceStore } from '../../platform/auth/nonce-store.ts';
import { verifySignedRequest } from '../../platform/auth/request-signing.ts';
import { documentSm3, proveDocument, signNodeRequest, verifyDocumentProof } from './envelope.ts';
import { nodeIdOf, type NodeIdentity } from './node-identity.ts';
import { areaPrefix, backoffMs, lastCompleteMonth, monthsBetween, registrationRefusal } from './network-rules.ts';
import { batchKeyOf } from './exchange.ts';

const key = generateSigningKey('sm2');
const nodeId = nodeIdOf('sm2', key.publicKey);
const city: NodeIdentity = { nodeId, tier: 'city', regionCode: '131000', name: '廊坊市融资信用服务平台', baseUrl: 'http://127.0.0.1:1', alg: 'sm2', publicKey: key.publicKey };
const PATH = '/api/v1/federation/registrations';

describe('node identity and network rules', () => {
  it('derives the node id from the public key, so an id cannot be claimed with another key', () => {
    expect(nodeId).toMatch(/^xr-sm2-[0-9a-f]{16}$/);
    expect(nodeIdOf('sm2', generateSigningKey('sm2').publicKey)).not.toBe(nodeId);
  });

  it('lets only a lower tier inside the upper node\'s area register', () => {
    const province = { tier: 'province' as const, regionCode: '130000' };
    expect(registrationRefusal(province, { tier: 'city', regionCode: '131000' })).toBeNull();
    expect(registrationRefusal(province, { tier: 'county', regionCode: '131002' })).toBeNull();
    expect(registrationRefusal(province, { tier: 'city', regionCode: '110100' })).toBe('FEDERATION_REGION_OUTSIDE');
    expect(registrationRefusal(province, { tier: 'province', regionCode: '130000' })).toBe('FEDERATION_TIER_NOT_BELOW');
    expect(registrationRefusal({ tier: 'city', regionCode: '131000' }, { tier: 'province', regionCode: '130000' })).toBe('FEDERATION_TIER_NOT_BELOW');
    expect(registrationRefusal({ tier: 'national', regionCode: '100000' }, { tier: 'province', regionCode: '440000' })).toBeNull();
    expect(areaPrefix('city', '131000')).toBe('1310');
  });

  it('counts months, finds the month to report in China time and backs off up to ten minutes', () => {
    expect(monthsBetween('2026-10', '2027-01')).toBe(3);
    // 2026-12-31T16:30Z is already 1 January in China: December is complete
    expect(lastCompleteMonth(Date.parse('2026-12-31T16:30:00Z'))).toBe('2026-12');
    expect(lastCompleteMonth(Date.parse('2026-12-31T15:30:00Z'))).toBe('2026-11');
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(2)).toBe(10_000);
    expect(backoffMs(30)).toBe(600_000);
  });

  it('turns long item keys into valid, distinct batch ids', () => {
    const a = batchKeyOf(`${nodeId}:records:ADMIN_LICENSE:${'a'.repeat(120)}1`);
    const b = batchKeyOf(`${nodeId}:records:ADMIN_LICENSE:${'a'.repeat(120)}2`);
    expect(a).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:#-]{0,127}$/);
    expect(a).not.toBe(b);
  });
});

describe('the signed envelope', () => {
  it('verifies a registration proof against the key being registered and refuses a replay', async () => {
    const nonceStore = new MemoryNonceStore();
    const now = new Date();
    const proof = proveDocument(key, nodeId, PATH, city, now);
    const check = () => verifyDocumentProof({ nodeId, alg: 'sm2', publicKey: key.publicKey, pathWithQuery: PATH, document: city, proof, nonceStore, now });
    expect(await check()).toEqual({ ok: true });
    expect(await check()).toMatchObject({ ok: false, code: 'SIG_REPLAY' });
  });

  it('refuses a proof of a changed document, another key or an old timestamp', async () => {
    const nonceStore = new MemoryNonceStore();
    const now = new Date();
    const proof = proveDocument(key, nodeId, PATH, city, now);
    const other = generateSigningKey('sm2');
    expect(await verifyDocumentProof({ nodeId, alg: 'sm2', publicKey: key.publicKey, pathWithQuery: PATH, document: { ...city, regionCode: '130000' }, proof, nonceStore, now }))
      .toMatchObject({ ok: false, code: 'SIG_BODY_DIGEST' });
    expect(await verifyDocumentProof({ nodeId, alg: 'sm2', publicKey: other.publicKey, pathWithQuery: PATH, document: city, proof, nonceStore, now }))
      .toMatchObject({ ok: false, code: 'SIG_BAD' });
    const old = proveDocument(key, nodeId, PATH, city, new Date(now.getTime() - 10 * 60_000));
    expect(await verifyDocumentProof({ nodeId, alg: 'sm2', publicKey: key.publicKey, pathWithQuery: PATH, document: city, proof: old, nonceStore, now }))
      .toMatchObject({ ok: false, code: 'SIG_SKEW' });
  });

  it('signs node requests the platform verifier accepts once, with the body digest bound', async () => {
    const nonceStore = new MemoryNonceStore();
    const body = JSON.stringify({ key: `${nodeId}:statistics:2026-10:r1` });
    const headers = signNodeRequest(key, nodeId, 'POST', '/api/v1/federation/inbox', body, new Date());
    const verifyWith = (rawBody: string) => verifySignedRequest({
      method: 'POST', pathWithQuery: '/api/v1/federation/inbox', headers, rawBody, nonceStore,
      lookupKey: async (id) => (id === nodeId ? { alg: 'sm2', publicKey: key.publicKey } : undefined),
    });
    expect(await verifyWith(body + ' ')).toMatchObject({ ok: false, code: 'SIG_BODY_DIGEST' });
    expect(await verifyWith(body)).toMatchObject({ ok: true, keyId: nodeId });
    expect(await verifyWith(body)).toMatchObject({ ok: false, code: 'SIG_REPLAY' });
  });

  it('digests documents independent of key order', () => {
    expect(documentSm3({ a: 1, b: [1, 2] })).toBe(documentSm3({ b: [1, 2], a: 1 }));
    expect(documentSm3({ a: 1 })).not.toBe(documentSm3({ a: 2 }));
  });
});
