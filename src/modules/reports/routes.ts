import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal } from '../../platform/http/index.ts';
import { VERIFY_PAGE, type ReportService } from './service.ts';
import { GenerateBody, NumberParams, ReportList, ReportListQuery, ReportReply, VerifyBody, VerifyReply } from './schemas.ts';

export interface ReportRouteOptions { reports: ReportService }

/** Who may have a report made: the enterprise (its own), institutions (public or authorised), operators (with a reason). */
const READER_ROLES = [...ENTERPRISE_ROLES, ...INSTITUTION_ROLES, ...OPERATOR_ROLES] as const;

/** The receipt shape is the audit module's (xinrong-audit-receipt/v1); declared loosely here, checked by its verifier. */
const ReceiptReply = Type.Object({
  format: Type.String(), origin: Type.String(), hashAlg: Type.String(), index: Type.Integer(), entry: Type.Unknown(), leafHash: Type.String(),
  checkpoint: Type.String(), treeSize: Type.Integer(), inclusionProof: Type.Array(Type.String()), publicKey: Type.Unknown(),
});

/** The public verification page's absolute address as the caller reached this node (printed in the PDF footer). */
function verifyUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${VERIFY_PAGE}`;
}

/** C16 standardized credit reports under /api/v1/reports. Generations are audited by the service (one entry each). */
export const reportRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, opts) => {
  const { reports } = opts;

  app.post('/reports', {
    config: { access: { roles: READER_ROLES }, audit: false },
    schema: {
      tags: ['reports'],
      summary: '标准化信用信息报告: generate an enterprise\'s report (JSON) for the caller — public, authorised, its own or an operator\'s',
      description: 'An institution without `purpose` gets the public version (L1 items, masked); with a purpose, also the items its live authorisations cover. Each generation gets a report number, an SM3 digest of the canonical content and an audit-log entry.',
      body: GenerateBody, response: { 200: ReportReply },
    },
  }, async (request, reply) => {
    const { text } = await reports.generate(requirePrincipal(request), request.body as Static<typeof GenerateBody>, 'json', verifyUrlOf(request));
    // Already JSON in ReportReply's shape (the content in canonical form): sent as built, not serialised again.
    return reply.type('application/json; charset=utf-8').send(text);
  });

  app.post('/reports/pdf', {
    config: { access: { roles: READER_ROLES }, audit: false },
    schema: {
      tags: ['reports'],
      summary: 'Generate the report as a PDF (CJK font embedded; number and digest in the text and metadata; canonical content and evidence receipt attached)',
      body: GenerateBody,
    },
  }, async (request, reply) => {
    const report = await reports.generate(requirePrincipal(request), request.body as Static<typeof GenerateBody>, 'pdf', verifyUrlOf(request));
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename="${report.number}.pdf"`);
    reply.header('x-report-number', report.number);
    reply.header('x-report-digest', report.digest);
    return reply.send(report.pdf);
  });

  app.post('/reports/verify', {
    config: { access: 'public', audit: false },
    schema: {
      tags: ['reports'],
      summary: 'Is this report authentic? A report number + digest, or an uploaded PDF/JSON of the report (base64)',
      description: 'Answers authentic or not, and for an authentic report its generation time, the enterprise name and the version — never the content.',
      body: VerifyBody, response: { 200: VerifyReply },
    },
  }, async (request) => reports.verify(request.body as Static<typeof VerifyBody>));

  app.get('/reports', {
    config: { access: { roles: READER_ROLES } },
    schema: { tags: ['reports'], summary: 'Reports about my enterprise (enterprise) or requested by my organisation (institution, operator), newest first', querystring: ReportListQuery, response: { 200: ReportList } },
  }, async (request) => ({ items: await reports.list(requirePrincipal(request), (request.query as Static<typeof ReportListQuery>).limit ?? 20) }));

  app.get('/reports/:number/receipt', {
    config: { access: { roles: READER_ROLES } },
    schema: { tags: ['reports'], summary: '存证回执 of a report generation: the audit entry, a signed tree head and the inclusion proof', params: NumberParams, response: { 200: ReceiptReply } },
  }, async (request) => reports.receipt(requirePrincipal(request), (request.params as Static<typeof NumberParams>).number));
};
