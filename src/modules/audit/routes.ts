import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { badRequest, decodeCursor, encodeCursor, notFound, requirePrincipal } from '../../platform/http/index.ts';
import { ENTERPRISE_ROLES } from '../../platform/auth/roles.ts';
import { actorOf } from './events.ts';
import type { AuditLog } from './log.ts';
import {
  CheckpointQuery, CheckpointReply, ConsistencyQuery, ConsistencyReply, EntriesQuery, EntriesReply, ExportQuery, InclusionQuery, InclusionReply,
  EvidenceParams, EvidenceReply, IndexParams, MyAccessQuery, MyAccessReply, PublicKeyReply, ReceiptReply,
} from './schemas.ts';

export interface AuditRouteOptions {
  audit: AuditLog;
  /** name of an organisation (the institution shown in "who looked at my data"); null when unknown */
  orgName: (orgId: string) => Promise<string | null>;
}

const AUDITOR_ROLES = ['op_auditor', 'op_supervisor', 'op_admin'] as const;
const RECEIPT_ROLES = [...AUDITOR_ROLES, ...ENTERPRISE_ROLES] as const;
const TAGS = ['audit'];

function dateOf(text: string | undefined, name: string): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw badRequest('AUDIT_TIME_INVALID', { zh: `${name} 不是有效的时间`, en: `${name} is not a valid time` });
  return d;
}

function beforeSeqOf(cursor: string | undefined): number | undefined {
  const key = decodeCursor(cursor, 1);
  if (key === null) return undefined;
  const seq = Number(key[0]);
  if (!Number.isSafeInteger(seq)) throw badRequest('CURSOR_INVALID', { zh: '分页游标无效', en: 'The pagination cursor is not valid' });
  return seq;
}

/** C5 audit and evidence log: public tree heads and proofs, receipts, the auditor's search and export, "who looked at my data". */
export const auditRoutes: FastifyPluginAsync<AuditRouteOptions> = async (app, { audit, orgName }) => {
  app.get('/audit/checkpoint', {
    config: { access: 'public' },
    schema: {
      tags: TAGS, summary: 'Public: the newest signed tree head (C2SP checkpoint in a signed note), text/plain; ?format=json for size, root and note',
      querystring: CheckpointQuery, response: { 200: CheckpointReply },
    },
  }, async (request, reply) => {
    const cp = await audit.latestCheckpoint();
    if ((request.query as Static<typeof CheckpointQuery>).format === 'json') return cp;
    return reply.type('text/plain; charset=utf-8').serializer((x: unknown) => String(x)).send(cp.note);
  });

  app.get('/audit/public-key', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: 'Public: the checkpoint-signing key (C2SP verifier key, raw public key and algorithm) and the hash algorithm', response: { 200: PublicKeyReply } },
  }, async () => audit.publicKey());

  app.get('/audit/proofs/inclusion', {
    config: { access: 'public' },
    schema: {
      tags: TAGS, summary: 'Public: inclusion proof of leaf `index` in the tree of `size` leaves (hashes only)',
      querystring: InclusionQuery, response: { 200: InclusionReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof InclusionQuery>;
    return audit.inclusionProof(q.index, q.size);
  });

  app.get('/audit/proofs/consistency', {
    config: { access: 'public' },
    schema: {
      tags: TAGS, summary: 'Public: consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (hashes only)',
      querystring: ConsistencyQuery, response: { 200: ConsistencyReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof ConsistencyQuery>;
    return audit.consistencyProof(q.from, q.to);
  });

  app.get('/audit/receipts/:index', {
    config: { access: { roles: RECEIPT_ROLES } },
    schema: {
      tags: TAGS, summary: '存证回执: the entry, its leaf hash, a signed tree head covering it and the inclusion proof (auditors; an enterprise for entries about itself)',
      params: IndexParams, response: { 200: ReceiptReply },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { index } = request.params as Static<typeof IndexParams>;
    if (!p.roles.some((r) => (AUDITOR_ROLES as readonly string[]).includes(r))) {
      // An enterprise learns nothing about entries that are not about itself, not even that they exist.
      const found = await audit.entry(index);
      if (!found || !p.uscc || found.entry.subject !== p.uscc) {
        throw notFound('AUDIT_ENTRY_UNKNOWN', { zh: `没有序号为 ${index} 的本企业日志`, en: `No log entry ${index} about your enterprise` });
      }
    }
    return audit.receipt(index);
  });

  app.get('/audit/entries', {
    config: { access: { roles: AUDITOR_ROLES } },
    schema: {
      tags: TAGS, summary: 'Auditors: search the whole log, newest first (time range, subject USCC, acting organisation, action, outcome, kind)',
      querystring: EntriesQuery, response: { 200: EntriesReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof EntriesQuery>;
    const limit = q.limit ?? 50;
    const items = await audit.search({
      from: dateOf(q.from, 'from'), to: dateOf(q.to, 'to'), subject: q.subject, orgId: q.orgId, action: q.action, outcome: q.outcome, kind: q.kind,
      beforeSeq: beforeSeqOf(q.cursor), limit,
    });
    return { items, nextCursor: items.length === limit ? encodeCursor([items[items.length - 1].seq]) : null };
  });

  app.get('/audit/export', {
    config: { access: { roles: AUDITOR_ROLES } },
    schema: {
      tags: TAGS, summary: 'Auditors: NDJSON export of entries fromSeq..toSeq — a header line (signed checkpoint, public key), then {seq, leafHash, entry} per entry',
      description: 'Check it offline with `xinrong audit verify <file>` (docs/audit-verify.md). The export is itself recorded in the log (audit.exported).',
      querystring: ExportQuery,
    },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof ExportQuery>;
    await audit.append({
      kind: 'access', action: 'audit.exported', actor: { ...actorOf(p), role: p.roles.find((r) => (AUDITOR_ROLES as readonly string[]).includes(r)) ?? p.roles[0] }, outcome: 'ok', destination: 'export',
      details: { fromSeq: q.fromSeq ?? 0, toSeq: q.toSeq ?? null },
    });
    const lines = audit.exportLines({ fromSeq: q.fromSeq, toSeq: q.toSeq });
    const first = await lines.next(); // the header: a bad range is refused here, before anything is streamed
    const body = Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* lines;
    })());
    reply.header('content-disposition', `attachment; filename="audit-${q.fromSeq ?? 0}-${q.toSeq ?? 'end'}.ndjson"`);
    return reply.type('application/x-ndjson; charset=utf-8').send(body);
  });

  app.get('/audit/evidence/:type/:id', {
    config: { access: { roles: RECEIPT_ROLES } },
    schema: {
      tags: TAGS,
      summary: '存证: the log entries about one object (e.g. an authorisation: granted, revoked …), oldest first, each with the seq to fetch its receipt',
      description: 'Auditors see every entry; an enterprise only entries about itself (others answer an empty list).',
      params: EvidenceParams, response: { 200: EvidenceReply },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { type, id } = request.params as Static<typeof EvidenceParams>;
    const auditor = p.roles.some((r) => (AUDITOR_ROLES as readonly string[]).includes(r));
    if (!auditor && !p.uscc) return { items: [] };
    const entries = await audit.search({ targetType: type, targetId: id, subject: auditor ? undefined : p.uscc ?? undefined, limit: 200 });
    return { items: entries.reverse().map((e) => ({ seq: e.seq, time: e.time, action: e.action, outcome: e.outcome, role: e.actor.role })) };
  });

  app.get('/audit/my-access', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: {
      tags: TAGS, summary: 'Enterprises: who looked at our data — access entries about the own USCC, newest first',
      querystring: MyAccessQuery, response: { 200: MyAccessReply },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    if (p.orgKind !== 'enterprise' || !p.uscc) return { items: [], nextCursor: null };
    const q = request.query as Static<typeof MyAccessQuery>;
    const limit = q.limit ?? 50;
    const entries = await audit.search({ subject: p.uscc, kind: 'access', beforeSeq: beforeSeqOf(q.cursor), limit });
    const names = new Map<string, Promise<string | null>>();
    const nameOf = (id: string | null) => {
      // Organisation ids are UUIDs; anything else (a hand-written entry) has no name to look up.
      if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return Promise.resolve(null);
      if (!names.has(id)) names.set(id, orgName(id));
      return names.get(id)!;
    };
    const items = await Promise.all(entries.map(async (e) => ({
      seq: e.seq, time: e.time,
      institution: { orgId: e.actor.orgId, orgKind: e.actor.orgKind, name: await nameOf(e.actor.orgId) },
      role: e.actor.role, action: e.action, items: e.items, purpose: e.purpose, authorisationId: e.authorisationId,
      outcome: e.outcome, destination: e.destination,
    })));
    return { items, nextCursor: entries.length === limit ? encodeCursor([entries[entries.length - 1].seq]) : null };
  });
};
