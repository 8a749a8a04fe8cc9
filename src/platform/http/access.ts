import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OrgKind, Role } from '../auth/roles.ts';
import { AppError, forbidden, unauthorized } from './problem.ts';
import { mustDeclareAccess } from './access-exempt.ts';

/** Who made a request: a logged-in person or a machine client with a signed request. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      displayName: string;
      orgId: string;
      orgKind: OrgKind;
      orgName: string;
      uscc: string | null;
      roles: Role[];
      /** false until the TOTP step has passed for roles that need it */
      mfaPassed: boolean;
      sessionHash: string;
    }
  | {
      kind: 'machine';
      keyId: string;
      orgId: string;
      orgKind: OrgKind;
      orgName: string;
      uscc: string | null;
      roles: Role[];
    };

/**
 * Declared on every route (`config.access`) and enforced for every request before the handler runs.
 * - 'public': anyone;
 * - 'session': a person in the middle of login (password passed, TOTP pending) or fully logged in;
 * - { roles }: a fully authenticated principal holding at least one of the roles;
 * - loopback: additionally allow unauthenticated calls from 127.0.0.1/::1 (metrics scraping).
 * A route that declares nothing is refused for everyone: forgetting a declaration fails closed.
 */
export type Access = 'public' | 'session' | { roles: readonly Role[]; loopback?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every API route with its declared access rule, for the authorisation-matrix tests and docs. */
    accessTable: { method: string; url: string; access: Access }[];
    /** Who a request claims to be, before its body is read (see Authenticator.precheck). */
    precheckPrincipal(request: FastifyRequest): Promise<Principal | null>;
  }
  interface FastifyRequest {
    principal: Principal | null;
    rawBody: Buffer | null;
    /** A body streamed to a temporary file (batch uploads): where it is, its size and SM3. */
    upload: { path: string; bytes: number; sm3: string } | null;
  }
}

export interface Authenticator {
  /** Resolves the principal from a session cookie or a signed request; throws AppError(401) for a bad signature. */
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  /**
   * Before the body is read: the session's principal, or for a signed request the principal of its key when the key
   * exists and is active and the timestamp is fresh — the signature itself is checked once the body has arrived.
   * Large uploads use it to refuse strangers before writing anything to disk.
   */
  precheck?(request: FastifyRequest): Promise<Principal | null>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function installAccessControl(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);
  app.decorate('precheckPrincipal', async (request: FastifyRequest) => (authenticator.precheck ? authenticator.precheck(request) : null));
  // Fail at start-up, not at request time, when an API route forgets its access rule.
  app.addHook('onRoute', (route) => {
    if (!mustDeclareAccess(route.url)) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no config.access rule`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  // preValidation: after the body is read (signatures need its bytes) but before schema validation, so a
  // caller without the right learns nothing from validation errors.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined) {
      // Unmatched routes (404 handler), static portal files and API docs are public.
      if (!request.routeOptions.url || !mustDeclareAccess(request.routeOptions.url)) return;
      request.log.error({ route: request.routeOptions.url }, 'route declares no access rule; refusing');
      throw new AppError('ACCESS_UNDECLARED', 403, { zh: '该接口未声明访问规则', en: 'This route declares no access rule' });
    }
    request.principal = await authenticator.authenticate(request);
    if (access === 'public') return;
    const p = request.principal;
    if (access === 'session') {
      if (!p) throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
      return;
    }
    if (!p) {
      if (access.loopback && LOOPBACK.has(request.ip)) return;
      throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
    }
    if (p.kind === 'user' && !p.mfaPassed) {
      throw unauthorized('AUTH_MFA_REQUIRED', { zh: '请先完成动态口令验证', en: 'Complete the one-time-code step first' });
    }
    if (!p.roles.some((r) => access.roles.includes(r))) {
      throw forbidden('FORBIDDEN_ROLE', { zh: '当前角色无权访问该功能', en: 'Your role may not use this function' });
    }
  });
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
  return request.principal;
}
