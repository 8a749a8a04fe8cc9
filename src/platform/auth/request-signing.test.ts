import { describe, expect, it } from 'vitest';
import { sm3 as referenceSm3 } from 'sm-crypto-v2';
import { generateSigningKey } from '../crypto/index.ts';
import { MemoryNonceStore } from './nonce-store.ts';
import {
  canonicalRequest,
  contentSm3,
  formatSignatureTimestamp,
  parseSignatureTimestamp,
  RequestSigningError,
  signRequest,
  verifySignedRequest,
} from './request-signing.ts';
import type { KeyMaterial, SignRequestInput, VerifySignedRequestInput } from './request-signing.ts';

const signedAt = new Date('2026-11-23T02:00:00Z');
const secret = 'prov-tax-secret-0123456789abcdef';
const ed25519 = generateSigningKey('ed25519');
const sm2Key = generateSigningKey('sm2');
const keys: Record<string, KeyMaterial> = {
  'prov-tax': { alg: 'hmac-sm3', secret },
  'inst-bank': { alg: 'ed25519', publicKey: ed25519.publicKey },
  'node-js': { alg: 'sm2', publicKey: sm2Key.publicKey },
};
const body = JSON.stringify({ uscc: '91350100M000100Y43', taxCredit: 'A' });

function request(overrides: Partial<SignRequestInput> = {}) {
  const input = { method: 'POST', pathWithQuery: '/api/v1/records?batch=7', body, keyId: 'prov-tax', secret, now: signedAt, ...overrides } as SignRequestInput;
  return { input, headers: signRequest(input) };
}

function verifyWith(
  signed: ReturnType<typeof request>,
  overrides: Partial<VerifySignedRequestInput> = {},
  store = new MemoryNonceStore({ clock: () => signedAt.getTime() }),
) {
  return verifySignedRequest({
    method: signed.input.method,
    pathWithQuery: signed.input.pathWithQuery,
    headers: signed.headers,
    rawBody: signed.input.body,
    lookupKey: async (keyId) => keys[keyId],
    nonceStore: store,
    now: signedAt,
    ...overrides,
  });
}

describe('canonical string and headers (the public contract)', () => {
  it('matches an HMAC-SM3 example computed independently with sm-crypto-v2', () => {
    const headers = signRequest({
      method: 'post',
      pathWithQuery: '/api/v1/records?batch=7',
      body: '{"a":1}',
      keyId: 'prov-tax',
      secret,
      now: signedAt,
      nonce: 'n0nce-0123456789AB',
    });
    const digest = referenceSm3('{"a":1}');
    const canonical = `POST\n/api/v1/records?batch=7\n2026-11-23T10:00:00+08:00\nn0nce-0123456789AB\n${digest}`;
    expect(headers).toEqual({
      'x-xr-key-id': 'prov-tax',
      'x-xr-timestamp': '2026-11-23T10:00:00+08:00',
      'x-xr-nonce': 'n0nce-0123456789AB',
      'x-xr-content-sm3': digest,
      'x-xr-signature': `hmac-sm3=${referenceSm3(canonical, { key: Buffer.from(secret), mode: 'hmac' })}`,
    });
  });

  it('joins the five fields with LF and no trailing LF', () => {
    expect(canonicalRequest({ method: 'GET', pathWithQuery: '/x', timestamp: 't', nonce: 'n', contentSm3: 'd' })).toBe('GET\n/x\nt\nn\nd');
  });

  it('digests an absent body as the SM3 of the empty string', () => {
    expect(contentSm3(undefined)).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(contentSm3(new Uint8Array(0))).toBe(contentSm3(undefined));
  });

  it('parses RFC 3339 timestamps with any offset and refuses impossible dates', () => {
    const expected = signedAt.getTime();
    expect(parseSignatureTimestamp('2026-11-23T10:00:00+08:00')).toBe(expected);
    expect(parseSignatureTimestamp('2026-11-23T02:00:00Z')).toBe(expected);
    expect(parseSignatureTimestamp('2026-11-22T21:00:00.000-05:00')).toBe(expected);
    expect(parseSignatureTimestamp('2026-02-30T10:00:00+08:00')).toBeUndefined();
    expect(parseSignatureTimestamp('2026-11-23 10:00:00')).toBeUndefined();
    expect(parseSignatureTimestamp('1795485600')).toBeUndefined();
    expect(formatSignatureTimestamp(signedAt)).toBe('2026-11-23T10:00:00+08:00');
  });

  it('refuses to sign a target with raw non-ASCII or a line break', () => {
    expect(() => request({ pathWithQuery: '/api/v1/entities?name=张三' })).toThrow(RequestSigningError);
    expect(() => request({ pathWithQuery: '/api\n/x' })).toThrow(RequestSigningError);
  });
});

describe('verifySignedRequest', () => {
  it('accepts an HMAC-SM3-signed request', async () => {
    expect(await verifyWith(request())).toEqual({ ok: true, keyId: 'prov-tax', alg: 'hmac-sm3' });
  });

  it('accepts an ed25519-signed request', async () => {
    const signed = request({ keyId: 'inst-bank', secret: undefined, privateKey: ed25519 });
    expect(signed.headers['x-xr-signature']).toMatch(/^ed25519=[A-Za-z0-9+/]{86}==$/);
    expect(await verifyWith(signed)).toEqual({ ok: true, keyId: 'inst-bank', alg: 'ed25519' });
  });

  it('accepts an SM2-signed request', async () => {
    const signed = request({ keyId: 'node-js', secret: undefined, privateKey: sm2Key });
    expect(await verifyWith(signed)).toEqual({ ok: true, keyId: 'node-js', alg: 'sm2' });
  });

  it('accepts a GET without a body', async () => {
    expect(await verifyWith(request({ method: 'GET', body: undefined }))).toMatchObject({ ok: true });
  });

  it('accepts a request whose timestamp is exactly 300 s old', async () => {
    const result = await verifyWith(request(), { now: new Date(signedAt.getTime() + 300_000) });
    expect(result).toMatchObject({ ok: true });
  });

  it('rejects a request whose timestamp is 301 s old', async () => {
    const result = await verifyWith(request(), { now: new Date(signedAt.getTime() + 301_000) });
    expect(result).toMatchObject({ ok: false, code: 'SIG_SKEW' });
  });

  it('rejects a request whose timestamp is 301 s in the future', async () => {
    const result = await verifyWith(request(), { now: new Date(signedAt.getTime() - 301_000) });
    expect(result).toMatchObject({ ok: false, code: 'SIG_SKEW' });
  });

  it('rejects a replayed nonce', async () => {
    const store = new MemoryNonceStore({ clock: () => signedAt.getTime() });
    const signed = request();
    expect(await verifyWith(signed, {}, store)).toMatchObject({ ok: true });
    expect(await verifyWith(signed, {}, store)).toMatchObject({ ok: false, code: 'SIG_REPLAY' });
  });

  it('rejects a body changed after signing', async () => {
    const result = await verifyWith(request(), { rawBody: body.replace('"A"', '"B"') });
    expect(result).toMatchObject({ ok: false, code: 'SIG_BODY_DIGEST' });
  });

  it('rejects a body changed together with its digest header', async () => {
    const signed = request();
    const forged = body.replace('"A"', '"B"');
    const headers = { ...signed.headers, 'x-xr-content-sm3': contentSm3(forged) };
    expect(await verifyWith(signed, { headers, rawBody: forged })).toMatchObject({ ok: false, code: 'SIG_BAD' });
  });

  it('rejects a request replayed against another path or method', async () => {
    const signed = request();
    expect(await verifyWith(signed, { pathWithQuery: '/api/v1/records?batch=8' })).toMatchObject({ code: 'SIG_BAD' });
    expect(await verifyWith(signed, { method: 'PUT' })).toMatchObject({ code: 'SIG_BAD' });
  });

  it('rejects a signature made with the wrong secret', async () => {
    const signed = request({ secret: 'someone-elses-secret-0000000000' });
    expect(await verifyWith(signed)).toMatchObject({ ok: false, code: 'SIG_BAD' });
  });

  it('rejects an ed25519 signature from a key other than the one registered', async () => {
    const signed = request({ keyId: 'inst-bank', secret: undefined, privateKey: generateSigningKey('ed25519') });
    expect(await verifyWith(signed)).toMatchObject({ ok: false, code: 'SIG_BAD' });
  });

  it('rejects a scheme that does not match the registered key', async () => {
    const signed = request({ keyId: 'inst-bank' });
    expect(await verifyWith(signed)).toMatchObject({ ok: false, code: 'SIG_BAD' });
  });

  it('rejects an unknown key id', async () => {
    expect(await verifyWith(request({ keyId: 'nobody' }))).toMatchObject({ ok: false, code: 'SIG_UNKNOWN_KEY' });
  });

  it('names every missing header', async () => {
    const signed = request();
    const headers: Record<string, string> = { ...signed.headers };
    delete headers['x-xr-nonce'];
    delete headers['x-xr-signature'];
    const result = await verifyWith(signed, { headers });
    expect(result).toMatchObject({ ok: false, code: 'SIG_MISSING' });
    expect(result.ok === false && result.message).toContain('x-xr-nonce, x-xr-signature');
  });

  it.each([
    ['x-xr-timestamp', '2026-11-23T10:00:00'],
    ['x-xr-nonce', 'short'],
    ['x-xr-nonce', 'has space in the nonce'],
    ['x-xr-content-sm3', 'ABC'],
    ['x-xr-signature', 'hmac-sha256=00'],
    ['x-xr-signature', 'hmac-sm3=xyz'],
    ['x-xr-signature', 'ed25519=not-base64'],
  ])('rejects a malformed %s of %j', async (name, value) => {
    const signed = request();
    const result = await verifyWith(signed, { headers: { ...signed.headers, [name]: value } });
    expect(result).toMatchObject({ ok: false, code: 'SIG_MALFORMED' });
  });

  it('rejects a signature header sent twice', async () => {
    const signed = request();
    const value = signed.headers['x-xr-signature'];
    const result = await verifyWith(signed, { headers: { ...signed.headers, 'x-xr-signature': [value, value] } });
    expect(result).toMatchObject({ ok: false, code: 'SIG_MALFORMED' });
  });

  it('does not record the nonce of a request whose signature fails, so attackers cannot burn nonces', async () => {
    const store = new MemoryNonceStore({ clock: () => signedAt.getTime() });
    const genuine = request({ nonce: 'victim-nonce-000001' });
    const forged = request({ nonce: 'victim-nonce-000001', secret: 'attacker-guess-0000000000000000' });
    expect(await verifyWith(forged, {}, store)).toMatchObject({ code: 'SIG_BAD' });
    expect(store.size).toBe(0);
    expect(await verifyWith(genuine, {}, store)).toMatchObject({ ok: true });
  });

  it('reads header names case-insensitively', async () => {
    const signed = request();
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await verifyWith(signed, { headers })).toMatchObject({ ok: true });
  });
});
