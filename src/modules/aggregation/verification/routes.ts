import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requirePrincipal } from '../../../platform/http/index.ts';
import { INSTITUTION_ROLES, OPERATOR_ROLES } from '../../../platform/auth/roles.ts';
import type { VerificationService } from './service.ts';
import { auditedRead, type AuditSink } from '../../audit/index.ts';

const Claim = Type.Object({
  uscc: Type.String({ minLength: 18, maxLength: 18 }),
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  field: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
  op: Type.Union([Type.Literal('equals'), Type.Literal('gte'), Type.Literal('lte'), Type.Literal('exists')]),
  value: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Null()])),
  key: Type.Optional(Type.String({ maxLength: 500, description: 'natural-key values after the USCC (U+001F-joined) to ask about one record' })),
  purpose: Type.Optional(Type.String({ maxLength: 100 })),
  authorisationRef: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

export const ReceiptSchema = Type.Object({
  type: Type.Literal('xinrong.verification.v1'),
  receiptId: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  issuer: Type.Object({ node: Type.String(), keyId: Type.String(), alg: Type.Union([Type.Literal('sm2'), Type.Literal('ed25519')]) }),
  requester: Type.Object({ orgId: Type.String() }),
  claim: Type.Object({
    uscc: Type.String(), item: Type.String(), field: Type.String(), op: Type.String(), key: Type.Union([Type.String(), Type.Null()]),
    claimDigest: Type.String({ description: 'HMAC-SM3 of the claim including the claimed value; the value itself is not repeated' }),
  }),
  result: Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('unknown')]),
  basis: Type.Object({
    source: Type.Union([Type.Literal('records'), Type.Literal('provider'), Type.Literal('cache'), Type.Literal('none')]),
    asOf: Type.Union([Type.String(), Type.Null()]),
    stale: Type.Boolean(),
    reason: Type.Union([Type.String(), Type.Null()]),
  }),
  signature: Type.String({ description: 'SM2 (or Ed25519) signature over the canonical JSON of every other member' }),
});

/** C3 data verification: claims in, verdicts and signed receipts out. */
export const verificationRoutes: FastifyPluginAsync<{ verification: VerificationService; audit?: AuditSink }> = async (app, { verification, audit }) => {
  app.post('/verifications', {
    // An access to the subject's data (logged below with the verdict), not a change of anything.
    config: { access: { roles: [...INSTITUTION_ROLES] }, audit: false },
    schema: {
      tags: ['verification'],
      summary: 'Verify a claim over one catalog item (equals / at least / at most / exists) → true / false / unknown with a signed receipt',
      description: 'The underlying value never leaves the platform: the answer is the verdict, its basis (source and freshness) and a receipt signed by the platform key.',
      body: Claim,
      response: { 200: Type.Object({ result: Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('unknown')]), receipt: ReceiptSchema }) },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const claim = request.body as Static<typeof Claim>;
    const facts = { action: 'verification.answered', subject: claim.uscc, items: [claim.item], purpose: claim.purpose ?? null, authorisationId: claim.authorisationRef ?? null };
    return auditedRead(audit, request, facts, async () => {
      const receipt = await verification.verify(claim, { orgId: p.orgId });
      return { result: receipt.result, receipt };
    });
  });

  app.get('/verifications/:id', {
    config: { access: { roles: [...INSTITUTION_ROLES, ...OPERATOR_ROLES] } },
    schema: { tags: ['verification'], summary: 'A receipt issued earlier (to the institution that asked, or an operator)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: ReceiptSchema } },
  }, async (request) => verification.receipt((request.params as { id: string }).id, requirePrincipal(request)));

  app.get('/verifications/public-key', {
    config: { access: 'public' },
    schema: {
      tags: ['verification'], summary: "The platform's public key for checking receipts offline",
      response: { 200: Type.Object({ alg: Type.String(), keyId: Type.String(), publicKey: Type.String() }) },
    },
  }, async () => verification.publicKey());
};
