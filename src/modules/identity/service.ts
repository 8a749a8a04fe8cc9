import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { MFA_ROLES, isRole, orgKindOfRole, portalOf, type OrgKind, type Portal, type Role } from '../../platform/auth/roles.ts';
import { hashPassword, passwordPolicy, verifyPassword } from '../../platform/auth/password.ts';
import { generateTotpSecret, verifyTotp } from '../../platform/auth/totp.ts';
import { parseSignatureTimestamp, SIGNATURE_HEADERS, verifySignedRequest, type KeyMaterial } from '../../platform/auth/request-signing.ts';
import type { NonceStore } from '../../platform/auth/nonce-store.ts';
import { randomToken, sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, unauthorized, type Authenticator, type Principal } from '../../platform/http/index.ts';
import { identityStore, type SessionJoinRow, type UserRow } from './store.ts';

export const SESSION_COOKIE = 'xr_session';

/** What the portal shows about the logged-in person (GET /auth/me). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  portal: Portal | null;
  org: { id: string; kind: OrgKind; name: string; uscc: string | null; regionCode: string; category: string | null };
  mfaPending: boolean;
}

export type LoginResult =
  | { mfaRequired: true; sessionToken: string }
  | { mfaRequired: false; sessionToken: string; me: Me };

const INVALID_LOGIN = { zh: '用户名或密码错误', en: 'Wrong user name or password' };

/**
 * How long a session lookup is reused by this process. Every API request resolves its session; at hundreds of
 * requests a second from one client (an institution's system calling the report API) the same row would be read
 * hundreds of times. Logout, the TOTP step and a lock-out drop the entry at once in this process; in a deployment
 * of several processes another one notices a logout within this time. Expiry is still checked on every use.
 */
export const SESSION_REUSE_MS = 1000;
const SESSION_CACHE_MAX = 10_000;

export function createIdentityService(db: Db, config: Config, keys: PlatformKeys, clock: () => number = Date.now) {
  const store = identityStore(db);
  // token hash → the lookup (a promise, so simultaneous requests of one session share one query) and when it was made
  const sessions = new Map<string, { at: number; row: Promise<SessionJoinRow | undefined> }>();
  const forgetSession = (tokenHash: string) => sessions.delete(tokenHash);

  const nonceStore: NonceStore = { remember: (keyId, nonce, expiresAt) => store.rememberNonce(keyId, nonce, expiresAt) };

  function needsMfa(roles: readonly Role[]): boolean {
    return roles.some((r) => MFA_ROLES.includes(r));
  }

  async function meOf(user: UserRow, mfaPending: boolean): Promise<Me> {
    const org = await store.organisation(user.org_id);
    if (!org) throw new AppError('INTERNAL', 500, { zh: '用户所属机构不存在', en: 'The user has no organisation' });
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles,
      portal: portalOf(user.roles),
      org: { id: org.id, kind: org.kind, name: org.name, uscc: org.uscc, regionCode: org.region_code, category: org.category },
      mfaPending,
    };
  }

  async function startSession(user: UserRow, mfaPassed: boolean, request: { ip: string; userAgent: string | null }): Promise<string> {
    const token = randomToken(32);
    await store.insertSession({ tokenHash: sm3Hex(token), userId: user.id, mfaPassed, ttlMinutes: config.sessionTtlMinutes, ip: request.ip, userAgent: request.userAgent });
    return token;
  }

  return {
    store,
    nonceStore,

    /** Password step. Locks the account after `loginMaxFailures` consecutive failures (SPEC §1). */
    async login(username: string, password: string, request: { ip: string; userAgent: string | null }): Promise<LoginResult> {
      const user = await store.userByUsername(username);
      // verifyPassword(undefined) does the same work so timing does not reveal which accounts exist.
      // an account waiting for activation has no password yet ('' is never a hash): checked like an unknown one
      const ok = await verifyPassword(user?.password_hash || undefined, password);
      if (!user || user.disabled || !user.password_hash) throw unauthorized('AUTH_INVALID', INVALID_LOGIN);
      if (user.locked_until && user.locked_until.getTime() > clock()) {
        throw new AppError('AUTH_LOCKED', 423, {
          zh: `登录失败次数过多，账户已锁定至 ${user.locked_until.toISOString()}`,
          en: `Too many failed logins; the account is locked until ${user.locked_until.toISOString()}`,
        }, { lockedUntil: user.locked_until.toISOString() });
      }
      if (!ok) {
        const after = await store.recordLoginFailure(user.id, config.loginMaxFailures, config.loginLockMinutes);
        if (after.locked_until && after.locked_until.getTime() > clock()) {
          throw new AppError('AUTH_LOCKED', 423, {
            zh: `登录失败次数过多，账户已锁定 ${config.loginLockMinutes} 分钟`,
            en: `Too many failed logins; the account is locked for ${config.loginLockMinutes} minutes`,
          }, { lockedUntil: after.locked_until.toISOString() });
        }
        throw unauthorized('AUTH_INVALID', INVALID_LOGIN);
      }
      await store.recordLoginSuccess(user.id);
      if (needsMfa(user.roles)) {
        if (!user.totp_secret_enc) {
          throw new AppError('AUTH_MFA_NOT_ENROLLED', 403, {
            zh: '该角色必须绑定动态口令，请联系平台管理员', en: 'This role requires a TOTP second factor; ask a platform administrator to enrol you',
          });
        }
        return { mfaRequired: true, sessionToken: await startSession(user, false, request) };
      }
      const sessionToken = await startSession(user, true, request);
      return { mfaRequired: false, sessionToken, me: await meOf(user, false) };
    },

    /** TOTP step (RFC 6238): ±1 step window, each step accepted once. */
    async completeTotp(principal: Principal | null, code: string): Promise<Me> {
      if (!principal || principal.kind !== 'user') throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
      const user = await store.userByUsername(principal.username);
      if (!user?.totp_secret_enc) throw unauthorized('AUTH_TOTP_INVALID', { zh: '动态口令错误', en: 'Wrong one-time code' });
      const secret = keys.cipher.decrypt(user.totp_secret_enc);
      const step = /^\d{6}$/.test(code) ? verifyTotp(secret, code, clock(), 1) : null;
      if (step === null || !(await store.claimTotpStep(user.id, step))) {
        const after = await store.recordLoginFailure(user.id, config.loginMaxFailures, config.loginLockMinutes);
        if (after.locked_until) {
          await store.deleteSession(principal.sessionHash);
          forgetSession(principal.sessionHash);
        }
        throw unauthorized('AUTH_TOTP_INVALID', { zh: '动态口令错误或已使用', en: 'Wrong or already used one-time code' });
      }
      await store.recordLoginSuccess(user.id);
      await store.markSessionMfaPassed(principal.sessionHash);
      forgetSession(principal.sessionHash);
      return meOf(user, false);
    },

    async logout(principal: Principal | null): Promise<void> {
      if (principal?.kind !== 'user') return;
      forgetSession(principal.sessionHash);
      await store.deleteSession(principal.sessionHash);
      // a lookup that began while the delete ran may have read the row: dropped again
      forgetSession(principal.sessionHash);
    },

    /** The live session with its user and organisation (reused for SESSION_REUSE_MS; expiry checked on each use). */
    async session(tokenHash: string): Promise<SessionJoinRow | undefined> {
      const now = performance.now();
      let entry = sessions.get(tokenHash);
      if (!entry || now - entry.at > SESSION_REUSE_MS) {
        if (sessions.size >= SESSION_CACHE_MAX) sessions.clear();
        entry = { at: now, row: store.sessionWithUser(tokenHash) };
        sessions.set(tokenHash, entry);
        // a failed lookup is not reused
        entry.row.catch(() => forgetSession(tokenHash));
      }
      const row = await entry.row;
      if (row && row.expires_at.getTime() <= Date.now()) {
        forgetSession(tokenHash);
        return undefined;
      }
      return row;
    },

    async me(principal: Principal): Promise<Me> {
      if (principal.kind !== 'user') throw badRequest('AUTH_NOT_A_PERSON', { zh: '机器账户没有个人信息', en: 'A machine client has no user profile' });
      const user = await store.userByUsername(principal.username);
      if (!user) throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
      return meOf(user, !principal.mfaPassed);
    },

    /** One organisation's public attributes (kind, name, USCC, region, category). */
    async organisation(id: string) {
      const o = await store.organisation(id);
      return o && { id: o.id, kind: o.kind, name: o.name, uscc: o.uscc, regionCode: o.region_code, category: o.category };
    },

    /** Whether a person's real name has been verified (实名认证); false for unknown or disabled users. */
    realNameVerified: (userId: string) => store.realNameVerified(userId),
    /** A user's id, organisation and roles by username (seeding and administration; never the password hash). */
    async userByUsername(username: string): Promise<{ id: string; orgId: string; displayName: string; roles: Role[] } | undefined> {
      const u = await store.userByUsername(username);
      return u ? { id: u.id, orgId: u.org_id, displayName: u.display_name, roles: u.roles } : undefined;
    },

    /** Organisations of one kind (and category), oldest first. */
    async organisations(kind: OrgKind, category: string | null = null) {
      return (await store.organisationsOf(kind, category)).map((o) => ({ id: o.id, kind: o.kind, name: o.name, uscc: o.uscc, regionCode: o.region_code, category: o.category }));
    },

    async createOrganisation(o: { kind: OrgKind; name: string; uscc?: string | null; regionCode: string; category?: string | null }): Promise<string> {
      const id = uuidv7();
      await store.insertOrganisation({ id, kind: o.kind, name: o.name, uscc: o.uscc ?? null, region_code: o.regionCode, category: o.category ?? null });
      return id;
    },

    /** Creates a person. Returns the TOTP secret when a role needs one, to be handed to the person once. */
    async createUser(u: { orgId: string; username: string; displayName: string; password: string; roles: string[]; realNameVerified?: boolean }): Promise<{ id: string; totpSecret: string | null }> {
      const org = await store.organisation(u.orgId);
      if (!org) throw badRequest('ORG_UNKNOWN', { zh: '机构不存在', en: 'Unknown organisation' });
      const roles: Role[] = [];
      for (const r of u.roles) {
        if (!isRole(r) || r === 'node' || r === 'provider_system') throw badRequest('ROLE_UNKNOWN', { zh: `未知角色 ${r}`, en: `Unknown role ${r}` });
        if (orgKindOfRole(r) !== org.kind) throw badRequest('ROLE_ORG_MISMATCH', { zh: `角色 ${r} 不属于该类机构`, en: `Role ${r} does not belong to a ${org.kind} organisation` });
        roles.push(r);
      }
      if (roles.length === 0) throw badRequest('ROLE_REQUIRED', { zh: '至少需要一个角色', en: 'At least one role is required' });
      const weak = passwordPolicy(u.password);
      if (weak) throw badRequest('PASSWORD_WEAK', { zh: weak.messages['zh-CN'], en: weak.messages.en });
      if (await store.userByUsername(u.username)) throw conflict('USERNAME_TAKEN', { zh: '用户名已存在', en: 'The user name is taken' });
      const totpSecret = needsMfa(roles) ? generateTotpSecret() : null;
      const id = uuidv7();
      await store.insertUser({
        id, org_id: u.orgId, username: u.username, display_name: u.displayName,
        password_hash: await hashPassword(u.password), roles,
        totp_secret_enc: totpSecret ? keys.cipher.encrypt(totpSecret) : null,
        real_name_verified: u.realNameVerified ?? false,
      });
      return { id, totpSecret };
    },

    /** Issues an HMAC-SM3 API key for a machine client; the secret is shown once and stored encrypted. */
    async issueApiKey(orgId: string, label: string, roles: Role[]): Promise<{ keyId: string; secret: string }> {
      const keyId = `xr_${randomToken(16)}`;
      const secret = randomToken(32);
      await store.insertApiKey({ key_id: keyId, org_id: orgId, label, alg: 'hmac-sm3', secret_enc: keys.cipher.encrypt(secret), public_key: null, roles });
      return { keyId, secret };
    },

    async registerPublicKey(orgId: string, label: string, alg: 'ed25519' | 'sm2', publicKey: string, roles: Role[]): Promise<string> {
      const keyId = `xr_${randomToken(16)}`;
      await store.insertApiKey({ key_id: keyId, org_id: orgId, label, alg, secret_enc: null, public_key: publicKey, roles });
      return keyId;
    },

    async listApiKeys(orgId: string) {
      return (await store.apiKeysOfOrg(orgId)).map((k) => ({
        keyId: k.key_id, label: k.label, alg: k.alg, roles: k.roles,
        createdAt: k.created_at.toISOString(), revokedAt: k.revoked_at?.toISOString() ?? null, lastUsedAt: k.last_used_at?.toISOString() ?? null,
      }));
    },

    revokeApiKey: (orgId: string, keyId: string) => store.revokeApiKey(keyId, orgId),
    /**
     * C15: trusts another xinrong node's public key under its node id (an organisation of kind 'node', role 'node'),
     * so its signed requests authenticate like any machine client. Idempotent; a different key for the same id is refused.
     */
    async trustNodeKey(n: { nodeId: string; name: string; regionCode: string; alg: 'ed25519' | 'sm2'; publicKey: string }): Promise<string> {
      const existing = await store.apiKeyWithOrg(n.nodeId);
      if (existing) {
        if (existing.public_key !== n.publicKey || existing.alg !== n.alg) {
          throw conflict('NODE_KEY_CONFLICT', { zh: `节点 ${n.nodeId} 已登记了另一把公钥`, en: `Node ${n.nodeId} is registered with a different public key` });
        }
        return existing.org_id;
      }
      const orgId = uuidv7();
      await store.insertOrganisation({ id: orgId, kind: 'node', name: n.name, uscc: null, region_code: n.regionCode, category: null });
      await store.insertApiKey({ key_id: n.nodeId, org_id: orgId, label: `xinrong node ${n.nodeId}`, alg: n.alg, secret_enc: null, public_key: n.publicKey, roles: ['node'] });
      return orgId;
    },
    /** Drops this process's reused lookups of sessions that were ended elsewhere (an account disabled or reset). */
    forgetSessions(tokenHashes: string[]): void {
      for (const h of tokenHashes) forgetSession(h);
    },
    countOrganisations: () => store.countOrganisations(),
    /** C14 statistics: registrations per enterprise and China-time month in [from, to). */
    enterpriseRegistrations: (from: Date, to: Date) => store.enterpriseRegistrations(from, to),
    enterpriseHasAccounts: (uscc: string) => store.enterpriseHasAccounts(uscc),
    purgeExpired: () => store.purgeExpired(),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

/** Resolves who is calling: a signed machine request (x-xr-signature) or a session cookie. */
export function createAuthenticator(identity: IdentityService, keys: PlatformKeys, clock: () => number = Date.now): Authenticator {
  async function lookupKey(keyId: string): Promise<KeyMaterial | undefined> {
    const k = await identity.store.apiKeyWithOrg(keyId);
    if (!k || k.revoked_at) return undefined;
    if (k.alg === 'hmac-sm3' && k.secret_enc) return { alg: 'hmac-sm3', secret: keys.cipher.decrypt(k.secret_enc) };
    if ((k.alg === 'ed25519' || k.alg === 'sm2') && k.public_key) return { alg: k.alg, publicKey: k.public_key };
    return undefined;
  }
  return {
    async authenticate(request: FastifyRequest): Promise<Principal | null> {
      if (request.headers[SIGNATURE_HEADERS.signature] !== undefined || request.headers[SIGNATURE_HEADERS.keyId] !== undefined) {
        const result = await verifySignedRequest({
          method: request.method,
          pathWithQuery: request.raw.url ?? request.url,
          headers: request.headers,
          rawBody: request.rawBody ?? new Uint8Array(0),
          bodySm3: request.upload?.sm3,
          lookupKey,
          nonceStore: identity.nonceStore,
          now: new Date(clock()),
        });
        if (!result.ok) throw new AppError(result.code, 401, { zh: `签名校验失败：${result.message}`, en: `Signature check failed: ${result.message}` });
        const k = await identity.store.apiKeyWithOrg(result.keyId);
        if (!k) throw unauthorized('SIG_UNKNOWN_KEY', { zh: '未知的密钥', en: 'Unknown key' });
        await identity.store.touchApiKey(k.key_id);
        return { kind: 'machine', keyId: k.key_id, orgId: k.org_id, orgKind: k.org_kind, orgName: k.org_name, uscc: k.uscc, roles: k.roles };
      }
      return sessionPrincipal(request);
    },

    async precheck(request: FastifyRequest): Promise<Principal | null> {
      const keyId = request.headers[SIGNATURE_HEADERS.keyId];
      if (keyId !== undefined || request.headers[SIGNATURE_HEADERS.signature] !== undefined) {
        const timestamp = request.headers[SIGNATURE_HEADERS.timestamp];
        const sentAt = typeof timestamp === 'string' ? parseSignatureTimestamp(timestamp) : undefined;
        if (typeof keyId !== 'string' || sentAt === undefined || Math.abs(clock() - sentAt) > 300_000) return null;
        const k = await identity.store.apiKeyWithOrg(keyId);
        if (!k || k.revoked_at) return null;
        return { kind: 'machine', keyId: k.key_id, orgId: k.org_id, orgKind: k.org_kind, orgName: k.org_name, uscc: k.uscc, roles: k.roles };
      }
      return sessionPrincipal(request);
    },
  };

  async function sessionPrincipal(request: FastifyRequest): Promise<Principal | null> {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const tokenHash = sm3Hex(token);
    const s = await identity.session(tokenHash);
    if (!s) return null;
    return {
      kind: 'user', userId: s.id, username: s.username, displayName: s.display_name, orgId: s.org_id, orgKind: s.org_kind,
      orgName: s.org_name, uscc: s.uscc, roles: s.roles, mfaPassed: s.mfa_passed, sessionHash: tokenHash,
    };
  }
}
