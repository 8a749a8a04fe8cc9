import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { forbidden, requirePrincipal } from '../../../platform/http/index.ts';
import { ENTERPRISE_ROLES } from '../../../platform/auth/roles.ts';
import { CommitmentReply, ReportBody, ReportList, ReportReply, SignBody, SignReply, type ReportInput, type SignInput } from './schemas.ts';
import type { EnterpriseActor, SelfReportService } from './service.ts';

/** The enterprise person behind a request; machine clients and users without an enterprise USCC are refused. */
function actorOf(request: FastifyRequest): EnterpriseActor {
  const p = requirePrincipal(request);
  if (p.kind !== 'user' || p.orgKind !== 'enterprise' || !p.uscc) {
    throw forbidden('ENTERPRISE_USER_ONLY', { zh: '只有企业用户本人可以自主填报', en: 'Only a person of the enterprise can self-report' });
  }
  return { userId: p.userId, displayName: p.displayName, orgId: p.orgId, orgName: p.orgName, uscc: p.uscc, roles: p.roles };
}

const TAGS = ['self-report'];

/** 自愿填报 + 信用承诺 (seed 004): the credit commitment and the enterprise's own reports. */
export const selfReportRoutes: FastifyPluginAsync<{ selfReport: SelfReportService }> = async (app, { selfReport }) => {
  app.get('/self-reports/commitment', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: {
      tags: TAGS, summary: 'The credit commitment (信用承诺书) in force and whether this enterprise has a live signed commitment',
      response: { 200: CommitmentReply },
    },
  }, async (request) => selfReport.commitment(actorOf(request)));

  app.post('/self-reports/commitment', {
    config: { access: { roles: ['enterprise_legal_rep'] } },
    schema: {
      tags: TAGS, summary: 'The legal representative (real-name verified) signs the credit commitment; answers a platform-signed receipt',
      description: '409 COMMITMENT_TEXT_CHANGED when textVersion is not the text in force. Signing again while a live commitment stands returns it (200).',
      body: SignBody, response: { 200: SignReply, 201: SignReply },
    },
  }, async (request, reply) => {
    const result = await selfReport.sign(actorOf(request), request.body as SignInput);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.post('/self-reports', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: {
      tags: TAGS, summary: 'Report (or change) one record of a SELF_REPORT catalog item for the own enterprise',
      description: '409 COMMITMENT_REQUIRED without a live credit commitment; 400 ITEM_NOT_SELF_REPORTABLE for items outside SELF_REPORT; '
        + '400 SELF_REPORT_INVALID with `problems` (field, code, zh, en) when a value fails the catalog rules; 403 for another USCC. '
        + 'Stored versioned by natural key with origin self_report: 201 when a new version was written, 200 when the values equal the current version.',
      body: ReportBody, response: { 200: ReportReply, 201: ReportReply },
    },
  }, async (request, reply) => {
    const result = await selfReport.report(actorOf(request), request.body as ReportInput);
    return reply.status(result.changed ? 201 : 200).send(result);
  });

  app.get('/self-reports', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: TAGS, summary: "The enterprise's own self-reported records (current versions) across the SELF_REPORT items", response: { 200: ReportList } },
  }, async (request) => ({ items: await selfReport.list(actorOf(request)) }));
};
