import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { notFound, requirePrincipal } from '../../platform/http/index.ts';
import { ALL_ROLES } from '../../platform/auth/roles.ts';
import { ApiKeySchema, LoginBody, LoginReply, MeSchema, TotpBody } from './schemas.ts';
import { SESSION_COOKIE, type IdentityService } from './service.ts';

export interface IdentityRoutesOptions {
  identity: IdentityService;
  cookieSecure: boolean;
  sessionTtlMinutes: number;
}

export const identityRoutes: FastifyPluginAsync<IdentityRoutesOptions> = async (app, { identity, cookieSecure, sessionTtlMinutes }) => {
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: cookieSecure, path: '/', maxAge: sessionTtlMinutes * 60 };

  // Login, the second factor, logout and key issuing answer with a session or a secret: never stored or replayed.
  app.post('/auth/login', {
    config: { access: 'public', idempotency: false },
    schema: { tags: ['identity'], summary: 'Log in with user name and password', body: LoginBody, response: { 200: LoginReply } },
  }, async (request, reply) => {
    const { username, password } = request.body as { username: string; password: string };
    const result = await identity.login(username, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions);
    return result.mfaRequired ? { mfaRequired: true } : { mfaRequired: false, user: result.me };
  });

  app.post('/auth/totp', {
    config: { access: 'session', idempotency: false },
    schema: { tags: ['identity'], summary: 'Second factor: RFC 6238 one-time code', body: TotpBody, response: { 200: Type.Object({ user: MeSchema }) } },
  }, async (request) => {
    const user = await identity.completeTotp(request.principal, (request.body as { code: string }).code.trim());
    return { user };
  });

  app.post('/auth/logout', {
    config: { access: 'public', idempotency: false },
    schema: { tags: ['identity'], summary: 'End the session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await identity.logout(request.principal);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', {
    config: { access: 'session' },
    schema: { tags: ['identity'], summary: 'The logged-in person, roles and organisation', response: { 200: MeSchema } },
  }, async (request) => identity.me(requirePrincipal(request)));

  app.get('/me/api-keys', {
    config: { access: { roles: ['provider_admin', 'inst_admin', 'op_admin'] } },
    schema: { tags: ['identity'], summary: "The caller's organisation API keys (ids only, never secrets)", response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }) } },
  }, async (request) => ({ items: await identity.listApiKeys(requirePrincipal(request).orgId) }));

  app.post('/me/api-keys', {
    config: { access: { roles: ['provider_admin', 'inst_admin', 'op_admin'] }, idempotency: false },
    schema: {
      tags: ['identity'], summary: 'Issue an HMAC-SM3 API key for a machine client; the secret is returned once',
      body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 201: Type.Object({ keyId: Type.String(), secret: Type.String() }) },
    },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const machineRole = p.orgKind === 'provider' ? 'provider_system' : p.orgKind === 'institution' ? 'inst_loan_officer' : 'op_admin';
    const key = await identity.issueApiKey(p.orgId, (request.body as { label: string }).label, [machineRole]);
    return reply.status(201).send(key);
  });

  app.delete('/me/api-keys/:keyId', {
    config: { access: { roles: ['provider_admin', 'inst_admin', 'op_admin'] } },
    schema: { tags: ['identity'], summary: 'Revoke an API key', params: Type.Object({ keyId: Type.String() }), response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const ok = await identity.revokeApiKey(requirePrincipal(request).orgId, (request.params as { keyId: string }).keyId);
    if (!ok) throw notFound('API_KEY_UNKNOWN', { zh: '密钥不存在或已吊销', en: 'No such active key' });
    return reply.status(204).send();
  });

  app.get('/auth/roles', {
    config: { access: 'public' },
    schema: { tags: ['identity'], summary: 'The role names the platform knows', response: { 200: Type.Object({ items: Type.Array(Type.String()) }) } },
  }, async () => ({ items: ALL_ROLES }));

  app.get('/machine/whoami', {
    config: { access: { roles: ['provider_system', 'inst_loan_officer', 'op_admin', 'node'] } },
    schema: {
      tags: ['identity'], summary: 'Echo the authenticated machine client (for integrators testing their request signing)',
      response: { 200: Type.Object({ kind: Type.String(), keyId: Type.Union([Type.String(), Type.Null()]), orgName: Type.String(), roles: Type.Array(Type.String()) }) },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    return { kind: p.kind, keyId: p.kind === 'machine' ? p.keyId : null, orgName: p.orgName, roles: p.roles };
  });
};
