/**
 * C16 标准化信用信息报告: generating a report for a reader (public, authorised, the enterprise's own, an operator's),
 * numbering, digesting and auditing each generation, rendering the PDF, and answering "is this report authentic?".
 */
import type { Db } from '../../platform/db/index.ts';
import { AppError, badRequest, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditLog } from '../audit/index.ts';
import type { CatalogDocument } from '../catalog/index.ts';
import { institutionNotAssessed, isPurpose, needsAuthorisation, type Decision, type DecideInput } from '../consent/index.ts';
import { createBodyCache } from './body-cache.ts';
import { reportBody, reportHeader, versionOf, type Allowed, type EvaluationFacts, type RegistryFacts, type SourceRecord } from './content.ts';
import { bodyDigest, canonicalJoin, canonicalMembers, fileDigest, headerDigest, readUploadedReport, reportNumber } from './digest.ts';
import { renderReportPdf } from './pdf.ts';
import type { GenerateBodyT, ReportContent, ReportReplyT, VerifyBodyT, VerifyReplyT } from './schemas.ts';
import { reportStore, reportWriter, type ReportRow } from './store.ts';

export interface ReportDeps {
  db: Db;
  clock?: () => number;
  node: { name: string; regionCode: string };
  audit: Pick<AuditLog, 'append' | 'receipt' | 'entry'>;
  /** the current catalog's categories in order (catalog service; cached there) */
  categories: () => Promise<CatalogDocument['categories']>;
  /** the policy point (consent service `decide`): decides per item, counts authorisation uses, logs every decision */
  decide: (input: DecideInput) => Promise<Decision[]>;
  /**
   * The enterprise's registry row, current evaluation and published records, read in one statement: each module
   * supplies its part as SQL yielding one JSON value (so its tables stay its own) and opens what that part yielded.
   */
  parts: {
    /** entities: registry facts as this viewer may see them; throws USCC_* / ENTITY_NOT_FOUND */
    registry: { sql: (uscc: string) => string; open: (uscc: string, json: unknown, viewer: Principal) => RegistryFacts };
    /** evaluation: the current evaluation with reasons and tags, undefined when none yet */
    evaluation: { sql: (uscc: string) => string; open: (json: unknown) => Promise<EvaluationFacts | undefined> };
    /** aggregation: current published records of the named items with objection flags (withheld ones left out) and withheld counts */
    records: {
      sql: (uscc: string, items: string) => string;
      open: (uscc: string, items: readonly string[], json: unknown) => {
        records: ReadonlyMap<string, readonly SourceRecord[]>;
        withheld: Partial<Record<'repaired' | 'expired' | 'deleted', number>>;
      };
    };
  };
  /** characters of canonical report bodies kept for reuse (body-cache.ts); default 64 Mi */
  bodyCacheChars?: number;
  entityName: (uscc: string) => Promise<string | null>;
}

export type ReportFormat = 'json' | 'pdf';

const REFUSED_AS_WHOLE: Record<string, () => AppError> = {
  NOT_YOUR_ENTERPRISE: () => forbidden('NOT_YOUR_ENTERPRISE', { zh: '只能查看本企业的信用报告', en: 'You can only see your own enterprise\'s report' }),
  OPERATOR_REASON_REQUIRED: () => badRequest('REASON_REQUIRED', {
    zh: '运营人员查阅企业信用报告须说明理由（至少 4 个字），理由记入审计日志', en: 'Operators must state why they read this report (at least 4 characters); it is logged',
  }),
  ROLE_NOT_ALLOWED: () => forbidden('REPORT_ROLE_NOT_ALLOWED', { zh: '该账户不能查询企业信用报告', en: 'This account cannot request credit reports' }),
};

export const receiptPath = (number: string) => `/api/v1/reports/${number}/receipt`;
export const VERIFY_PAGE = '/verify-report';

export function createReportService(deps: ReportDeps) {
  const { db, audit } = deps;
  const clock = deps.clock ?? Date.now;
  const store = reportStore(db);
  const writer = reportWriter(store);

  // The public version's items of each catalog (the same for every reader of it).
  const publicItems = new WeakMap<object, ReadonlyMap<string, Allowed>>();

  /** Decides what the reader may see; refuses the whole request when nothing may be seen for a reason of the reader. */
  async function allowedItems(categories: CatalogDocument['categories'], principal: Principal, uscc: string, purpose: string | null, reason: string | null) {
    const all = categories.flatMap((c) => c.items);
    // An institution that names no purpose asks for the public version: the items the policy lets anyone read
    // without an authorisation (consent's needsAuthorisation), nothing counted against any authorisation. Its one
    // audit entry is the generation's (items, outcome); the policy point's per-decision entries would say the same.
    if (principal.orgKind === 'institution' && principal.kind === 'user' && !purpose) {
      let allowed = publicItems.get(categories);
      if (!allowed) {
        allowed = new Map<string, Allowed>(all.filter((i) => !needsAuthorisation(i)).map((i) => [i.code, { access: 'public', authorisationId: null }]));
        publicItems.set(categories, allowed);
      }
      return allowed;
    }
    const decisions = await deps.decide({ principal, uscc, items: all, purpose, reason });
    // asked for the authorised version, an institution without a current assessment gets a clear no, not a public copy
    if (decisions.some((d) => !d.allowed && d.code === 'INSTITUTION_NOT_ASSESSED')) {
      throw institutionNotAssessed();
    }
    const allowed = new Map<string, Allowed>();
    for (const d of decisions) if (d.allowed) allowed.set(d.item, { access: d.access, authorisationId: d.authorisationId });
    if (allowed.size === 0) {
      const first = decisions.find((d): d is Extract<Decision, { allowed: false }> => !d.allowed);
      const refuse = first && REFUSED_AS_WHOLE[first.code];
      if (refuse) throw refuse();
    }
    return allowed;
  }

  // Catalogs are cached by the catalog service: one object per version, numbered here for the body cache's key.
  const catalogIds = new WeakMap<object, number>();
  let catalogs = 0;
  const catalogId = (categories: object) => {
    let id = catalogIds.get(categories);
    if (id === undefined) catalogIds.set(categories, (id = ++catalogs));
    return id;
  };
  const allowedKeys = new WeakMap<ReadonlyMap<string, Allowed>, string>();
  const allowedKey = (allowed: ReadonlyMap<string, Allowed>) => {
    let key = allowedKeys.get(allowed);
    if (key === undefined) allowedKeys.set(allowed, (key = [...allowed].map(([c, a]) => `${c}=${a.access}/${a.authorisationId ?? ''}`).join(',')));
    return key;
  };
  const bodies = createBodyCache(deps.bodyCacheChars ?? 64 * 2 ** 20);
  // The three parts as text, and the SHA-256 of exactly those texts computed in the same statement (NULL told apart
  // from any JSON text, which is never empty; chr(1) never stands unescaped in JSON). A generation first asks only for
  // the digest: when a body made from the same inputs is at hand, 64 characters cross instead of the records.
  const partsFrom = `FROM (SELECT (${deps.parts.registry.sql('$1')})::text AS registry, (${deps.parts.evaluation.sql('$1')})::text AS evaluation,
    (${deps.parts.records.sql('$1', '$2')})::text AS records) p`;
  const partsDigest = `encode(sha256(convert_to(concat_ws(chr(1), coalesce(p.registry, ''), coalesce(p.evaluation, ''), p.records), 'UTF8')), 'hex')`;
  const digestSql = `SELECT p.registry IS NOT NULL AS registered, ${partsDigest} AS inputs ${partsFrom}`;
  const partsSql = `SELECT p.registry, p.evaluation, p.records, ${partsDigest} AS inputs ${partsFrom}`;
  // the catalog's aggregated (physical) items, whose records a report reads
  const physicalItems = new WeakMap<object, string[]>();
  const physicalOf = (categories: CatalogDocument['categories']) => {
    let codes = physicalItems.get(categories);
    if (!codes) physicalItems.set(categories, (codes = categories.flatMap((c) => c.items).filter((i) => i.sharingMode === 'physical').map((i) => i.code)));
    return codes;
  };

  /**
   * Generates, numbers, digests, audits and stores one report. `text` is the JSON answer as sent: the content in its
   * canonical form (RFC 8785), so the bytes a reader receives are the bytes the digest is over.
   */
  async function generate(principal: Principal, body: GenerateBodyT, format: ReportFormat, verifyUrl: string) {
    const purpose = body.purpose?.trim() || null;
    const reason = body.reason?.trim() || null;
    if (purpose && !isPurpose(purpose)) {
      throw badRequest('PURPOSE_UNKNOWN', { zh: `用途 ${purpose} 不在融资用途清单中`, en: `Purpose ${purpose} is not one of the financing purposes` });
    }
    if (principal.orgKind === 'enterprise' && principal.uscc !== body.uscc) {
      // A refusal is evidence too: logged before the answer leaves.
      await audit.append({
        kind: 'access', action: 'report.generated', actor: actorOf(principal), subject: body.uscc, purpose, outcome: 'refused',
        reason: 'NOT_YOUR_ENTERPRISE', destination: format === 'pdf' ? 'pdf' : 'api',
      });
      throw REFUSED_AS_WHOLE.NOT_YOUR_ENTERPRISE();
    }
    // Everything the report may show is read at once — records of every aggregated item, whatever the reader may see;
    // what it may not see never leaves this function. The registry answers "no such enterprise" before anything is
    // decided or counted.
    const categories = await deps.categories();
    const physical = physicalOf(categories);
    const [seen] = await db.query<{ registered: boolean; inputs: string }>(digestSql, [body.uscc, physical], { prepare: true });
    // no such enterprise (or a malformed code): the registry part says so in its own words
    if (!seen.registered) deps.parts.registry.open(body.uscc, null, principal);
    const allowed = await allowedItems(categories, principal, body.uscc, purpose, reason);
    const reasonGiven = principal.orgKind === 'operator' && reason !== null;

    const key = `${body.uscc}|${principal.orgKind}|${reasonGiven}|${catalogId(categories)}|${allowedKey(allowed)}`;
    let cached = bodies.get(key, seen.inputs);
    if (!cached) {
      // the texts with their digest from one snapshot: the body is kept under the digest of what it was made from
      const [read] = await db.query<{ registry: string | null; evaluation: string | null; records: string; inputs: string }>(partsSql, [body.uscc, physical], { prepare: true });
      if (read.registry === null) deps.parts.registry.open(body.uscc, null, principal);
      const inputs = read.inputs;
      const allowedPhysical = physical.filter((code) => allowed.has(code));
      const registry = deps.parts.registry.open(body.uscc, JSON.parse(read.registry as string), principal);
      const evaluation = await deps.parts.evaluation.open(read.evaluation === null ? null : JSON.parse(read.evaluation));
      const { records, withheld } = deps.parts.records.open(body.uscc, allowedPhysical, JSON.parse(read.records));
      const members = canonicalMembers(reportBody({ categories, allowed, records, registry, evaluation: evaluation ?? null, withheld, reasonGiven }));
      cached = { inputs, members, bodySm3: bodyDigest(members) };
      bodies.set(key, cached);
    }
    const generatedAt = new Date(clock());
    const number = reportNumber(deps.node.regionCode, generatedAt);
    const header = reportHeader({ number, generatedAt, node: deps.node, requester: { orgName: principal.orgName, orgKind: principal.orgKind }, purpose, allowed });
    const contentText = canonicalJoin(header, cached.members);
    const digest = headerDigest(header, cached.bodySm3);
    const authorisations = [...new Set([...allowed.values()].map((a) => a.authorisationId).filter((id): id is string => id !== null))];
    const { index } = await audit.append({
      kind: 'access', action: 'report.generated', actor: actorOf(principal), subject: body.uscc, items: [...allowed.keys()], purpose,
      authorisationId: authorisations[0] ?? null, outcome: 'allowed', reason: principal.orgKind === 'operator' ? reason : null,
      destination: format === 'pdf' ? 'pdf' : 'api', target: { type: 'credit_report', id: number },
      details: { number, version: header.version, digest, digestAlg: 'SM3', format, authorisations },
    });
    let pdf: Buffer | null = null;
    if (format === 'pdf') {
      pdf = await renderReportPdf({ content: JSON.parse(contentText) as ReportContent, digest, receipt: await audit.receipt(index), verifyUrl });
    }
    await writer.write({
      number, uscc: body.uscc, version: header.version, format, requester_org_id: principal.orgId, requester_kind: principal.orgKind,
      content_sm3: digest, file_sm3: pdf ? fileDigest(pdf) : null, generated_at: generatedAt, audit_index: index,
    });
    const evidence = { auditIndex: index, receiptPath: receiptPath(number) };
    // The reply's shape (ReportReply) with the content as its canonical text; a JSON reader parses it as any other.
    const text = `{"content":${contentText},"digest":"${digest}","digestAlg":"SM3","evidence":${JSON.stringify(evidence)},"verifyPath":${JSON.stringify(VERIFY_PAGE)}}`;
    return { number, digest, text, pdf };
  }

  /** A generation's answer as an object (the PDF route and callers inside the server). */
  const replyOf = (g: { text: string }): ReportReplyT => JSON.parse(g.text) as ReportReplyT;

  /** Authentic only when our table and the audit entry of the generation both name this number with this digest. */
  async function answer(row: ReportRow | undefined, matches: (row: ReportRow) => boolean, mismatch: string): Promise<VerifyReplyT> {
    const no = (reason: string): VerifyReplyT => ({ authentic: false, reason, number: null, generatedAt: null, enterpriseName: null, version: null, auditIndex: null });
    if (!row) return no('REPORT_UNKNOWN');
    if (!matches(row)) return no(mismatch);
    const logged = await audit.entry(row.audit_index);
    const details = (logged?.entry.details ?? {}) as { number?: unknown; digest?: unknown };
    if (!logged || logged.entry.action !== 'report.generated' || details.number !== row.number || details.digest !== row.content_sm3) return no('AUDIT_MISMATCH');
    return {
      authentic: true, reason: null, number: row.number, generatedAt: row.generated_at.toISOString(),
      enterpriseName: await deps.entityName(row.uscc), version: row.version, auditIndex: row.audit_index,
    };
  }

  return {
    store,
    generate,
    replyOf,

    async verify(body: VerifyBodyT): Promise<VerifyReplyT> {
      if (body.file !== undefined) {
        const uploaded = readUploadedReport(Buffer.from(body.file, 'base64'));
        if (uploaded.kind === 'unreadable' || !uploaded.number) {
          return { authentic: false, reason: 'FILE_UNREADABLE', number: null, generatedAt: null, enterpriseName: null, version: null, auditIndex: null };
        }
        const row = await store.byNumber(uploaded.number);
        if (uploaded.kind === 'pdf') {
          const sm3 = fileDigest(uploaded.bytes);
          return answer(row, (r) => r.file_sm3 === sm3, 'FILE_CHANGED');
        }
        return answer(row, (r) => uploaded.recomputed === r.content_sm3 && (uploaded.digest === null || uploaded.digest === r.content_sm3), 'DIGEST_MISMATCH');
      }
      const number = body.number?.trim().toUpperCase();
      const digest = body.digest?.trim().toLowerCase();
      if (!number || !digest) {
        throw badRequest('VERIFY_INPUT_REQUIRED', { zh: '请输入报告编号和内容摘要，或上传报告文件', en: 'Give the report number and digest, or upload the report file' });
      }
      return answer(await store.byNumber(number), (r) => r.content_sm3 === digest || r.file_sm3 === digest, 'DIGEST_MISMATCH');
    },

    /** The enterprise's reports (about it); an institution's or operator's own requests. */
    async list(principal: Principal, limit: number) {
      const rows = principal.orgKind === 'enterprise' && principal.uscc ? await store.aboutEnterprise(principal.uscc, limit) : await store.byRequester(principal.orgId, limit);
      return rows.map((r) => ({
        number: r.number, uscc: r.uscc, version: r.version, format: r.format, generatedAt: r.generated_at.toISOString(), digest: r.content_sm3, auditIndex: r.audit_index,
      }));
    },

    /** 存证回执 of a generation: to the organisation that asked, the enterprise it is about, or an operator. */
    async receipt(principal: Principal, number: string) {
      const row = await store.byNumber(number);
      const mine = row && (principal.orgKind === 'operator' || row.requester_org_id === principal.orgId || (principal.orgKind === 'enterprise' && principal.uscc === row.uscc));
      if (!row || !mine) throw notFound('REPORT_NOT_FOUND', { zh: `没有编号为 ${number} 的报告`, en: `No report numbered ${number}` });
      return audit.receipt(row.audit_index);
    },

    versionOf,
  };
}

export type ReportService = ReturnType<typeof createReportService>;
