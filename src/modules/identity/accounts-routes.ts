import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal } from '../../platform/http/index.ts';
import {
  AccountSchema, ActivateBody, ActivateReply, ActivationSchema, AssessmentBody, AssessmentSchema, CategoriesReply, CreateAccountBody, CreateOrgBody, IdParams,
  ManagedOrgDetailSchema, ManagedOrgSchema, OrgListQuery, RegisterEnterpriseBody, RegisterEnterpriseReply,
} from './accounts-schemas.ts';
import { GRANTABLE_ROLES, type AccountsService } from './accounts.ts';
import type { EnterpriseRegistration } from './enterprise-registration.ts';

export interface AccountsRoutesOptions { accounts: AccountsService; registration: EnterpriseRegistration }

const TAGS = ['accounts'];
const OP_ADMIN = ['op_admin'] as const;
/** an organisation's own administrators manage its people (an enterprise's legal representative its agents); op_admin any onboarded organisation's */
const ACCOUNT_ADMINS = ['op_admin', 'inst_admin', 'provider_admin', 'enterprise_legal_rep'] as const;

/** Organisations and accounts under /api/v1/accounts, and the public activation step under /api/v1/auth/activate. */
export const accountsRoutes: FastifyPluginAsync<AccountsRoutesOptions> = async (app, { accounts, registration }) => {
  app.get('/accounts/categories', {
    config: { access: { roles: [...OPERATOR_ROLES, 'inst_admin', 'provider_admin', 'enterprise_legal_rep'] } },
    schema: { tags: TAGS, summary: 'Categories an onboarded institution or provider may carry, and the roles each kind of organisation may give', response: { 200: CategoriesReply } },
  }, async () => ({
    ...accounts.categories(),
    roles: { enterprise: [...GRANTABLE_ROLES.enterprise], institution: [...GRANTABLE_ROLES.institution], provider: [...GRANTABLE_ROLES.provider], operator: [...GRANTABLE_ROLES.operator] },
  }));

  app.get('/accounts/organisations', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Onboarded institutions, providers or operator departments, with user counts and the current security assessment', querystring: OrgListQuery, response: { 200: Type.Object({ items: Type.Array(ManagedOrgSchema) }) } },
  }, async (request) => ({ items: await accounts.list(requirePrincipal(request), (request.query as Static<typeof OrgListQuery>).kind) }));

  app.post('/accounts/organisations', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Onboard an institution, a data provider or an operator department (USCC checked, region inside the node)', body: CreateOrgBody, response: { 201: ManagedOrgSchema } },
  }, async (request, reply) => reply.status(201).send(await accounts.create(requirePrincipal(request), request.body as Static<typeof CreateOrgBody>)));

  app.get('/accounts/organisations/:id', {
    config: { access: { roles: [...OPERATOR_ROLES, 'inst_admin', 'provider_admin'] } },
    schema: { tags: TAGS, summary: 'One organisation with its assessment history (an admin of an institution or provider: its own only)', params: IdParams, response: { 200: ManagedOrgDetailSchema } },
  }, async (request) => accounts.get(requirePrincipal(request), (request.params as Static<typeof IdParams>).id));

  app.post('/accounts/organisations/:id/assessments', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: "Record an institution's information-security assessment (信息安全评估); the newest is current", params: IdParams, body: AssessmentBody, response: { 201: AssessmentSchema } },
  }, async (request, reply) => reply.status(201).send(await accounts.recordAssessment(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, request.body as Static<typeof AssessmentBody>)));

  app.get('/accounts/enterprises/:uscc', {
    config: { access: { roles: OP_ADMIN } },
    schema: {
      tags: TAGS, summary: "An enterprise's organisation on the platform (null until its legal representative registers), for the operator's account help",
      params: Type.Object({ uscc: Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }) }),
      response: { 200: Type.Object({ orgId: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => accounts.enterpriseOrg(requirePrincipal(request), (request.params as { uscc: string }).uscc));

  app.get('/accounts/organisations/:id/users', {
    config: { access: { roles: ACCOUNT_ADMINS } },
    schema: { tags: TAGS, summary: "The people of an organisation with their state (pending activation, active, locked, disabled)", params: IdParams, response: { 200: Type.Object({ items: Type.Array(AccountSchema) }) } },
  }, async (request) => ({ items: await accounts.accounts(requirePrincipal(request), (request.params as Static<typeof IdParams>).id) }));

  // The answers below carry a one-time activation code: never kept for replay.
  app.post('/accounts/organisations/:id/users', {
    config: { access: { roles: ACCOUNT_ADMINS }, idempotency: false },
    schema: { tags: TAGS, summary: 'Open an account without a password; the activation code is returned once, to be handed over out of band', params: IdParams, body: CreateAccountBody, response: { 201: Type.Object({ user: AccountSchema, activation: ActivationSchema }) } },
  }, async (request, reply) => reply.status(201).send(await accounts.createAccount(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, request.body as Static<typeof CreateAccountBody>)));

  app.post('/accounts/users/:id/activation', {
    config: { access: { roles: ACCOUNT_ADMINS }, idempotency: false },
    schema: { tags: TAGS, summary: 'Issue a new activation code (also resets a forgotten password: password and second factor cleared, sessions ended)', params: IdParams, response: { 200: ActivationSchema } },
  }, async (request) => accounts.reissue(requirePrincipal(request), (request.params as Static<typeof IdParams>).id));

  app.post('/accounts/users/:id/disable', {
    config: { access: { roles: ACCOUNT_ADMINS } },
    schema: { tags: TAGS, summary: 'Disable an account (its sessions end at once)', params: IdParams, response: { 200: AccountSchema } },
  }, async (request) => accounts.setDisabled(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, true));

  app.post('/accounts/users/:id/enable', {
    config: { access: { roles: ACCOUNT_ADMINS } },
    schema: { tags: TAGS, summary: 'Enable a disabled account (a lock-out is lifted too)', params: IdParams, response: { 200: AccountSchema } },
  }, async (request) => accounts.setDisabled(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, false));

  app.post('/auth/activate', {
    config: { access: 'public', idempotency: false },
    schema: { tags: ['identity'], summary: 'Activate an account with its one-time code and choose a password; answers the TOTP secret once where the role needs one', body: ActivateBody, response: { 200: ActivateReply } },
  }, async (request) => accounts.activate(request.body as Static<typeof ActivateBody>));

  // The request carries a password and a resident ID number: not even its digest is kept for replay. A retry by the
  // same person is answered ENTERPRISE_ALREADY_REGISTERED, so it never makes two accounts.
  app.post('/auth/register-enterprise', {
    config: { access: 'public', idempotency: false },
    schema: {
      tags: ['identity'], summary: "An enterprise's legal representative registers (real-name check of name and ID number against the registry)",
      body: RegisterEnterpriseBody, response: { 201: RegisterEnterpriseReply },
    },
  }, async (request, reply) => reply.status(201).send(await registration.register(request.body as Static<typeof RegisterEnterpriseBody>, { ip: request.ip })));
};
