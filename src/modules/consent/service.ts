import type { Db, Queryable } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { decodeBase64, sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { appendEvent } from '../../platform/events/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import type { CatalogItem, CatalogService } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { AggregationService } from '../aggregation/index.ts';
import { createDataReader, type UsageEntry } from './data-read.ts';
import type { MaskingRule, ReaderKind } from './field-masking.ts';
import { signArtefact } from './artefact.ts';
import { createPolicyPoint, MIN_OPERATOR_REASON, needsAuthorisation, operatorReasonOk, type DecideInput, type InstitutionClearance } from './policy.ts';
import { auditActorOf, type AuditSink } from './audit-contract.ts';
import { PURPOSES, purposeOf } from './purposes.ts';
import { consentStore, type AuthorisationRow, type NewAuthorisation } from './store.ts';
import { ACTION_TEXT, STATUS_TEXT, notificationText } from './notification-text.ts';
import { matchesType } from '../../platform/files/index.ts';
import { createWebhooks, type WebhookOptions } from './webhooks.ts';
import { createModelPopulation } from './model-population.ts';
import type { ArtefactT, AuthorisationStatus, GrantInput, RequestInput, WrittenInput } from './schemas.ts';
import { AUTHORISATION_CHANGED, DAY_MS, MAX_DOCUMENT_BYTES, MAX_WINDOW_DAYS, REMINDER_DAYS, TRANSITIONS, effectiveStatus, parseValidTo, type Action } from './lifecycle.ts';

export { AUTHORISATION_CHANGED, MAX_DOCUMENT_BYTES, MAX_WINDOW_DAYS, REMINDER_DAYS, effectiveStatus, parseValidTo, type Action } from './lifecycle.ts';

export interface ConsentDeps {
  db: Db;
  keys: PlatformKeys;
  catalog: Pick<CatalogService, 'current'>;
  identity: Pick<IdentityService, 'organisation' | 'organisations' | 'realNameVerified'>;
  aggregation: Pick<AggregationService, 'records'>;
  /** the registered name of a market entity (registry, C1), null when the USCC is not registered */
  entityName: (uscc: string) => Promise<string | null>;
  audit: AuditSink;
  clock?: () => number;
  /** which fields each kind of reader gets masked (default DEFAULT_MASKING) */
  masking?: Readonly<Record<ReaderKind, MaskingRule>>;
  /** usage feedback to providers for institutions' reads (aggregation quality's recordUsage) */
  recordUsage?: (entry: UsageEntry) => Promise<void>;
  /** webhook options: http:// endpoints allowed (tests), a replacement sender */
  webhooks?: Pick<WebhookOptions, 'allowInsecure' | 'send'>;
  /** institutions without a current security assessment read public items only (default: every one cleared) */
  institutionCleared?: InstitutionClearance;
}

const isOperator = (p: Principal) => p.orgKind === 'operator';
const enterpriseUsccOf = (p: Principal) => (p.kind === 'user' && p.orgKind === 'enterprise' ? p.uscc : null);

function notFoundAuthorisation(): AppError {
  return notFound('AUTHORISATION_NOT_FOUND', { zh: '授权不存在', en: 'No such authorisation' });
}

/** C4 authorisations: validation, the lifecycle, the signed artefact, notifications and the expiry sweep. */
export function createConsentService(deps: ConsentDeps) {
  const { db, keys, catalog, identity, audit } = deps;
  const clock = deps.clock ?? Date.now;
  const store = consentStore(db);
  const now = () => new Date(clock());
  const reader = createDataReader({
    db, store, catalog, aggregation: deps.aggregation, entityName: deps.entityName, audit, clock, masking: deps.masking, recordUsage: deps.recordUsage,
    institutionCleared: deps.institutionCleared,
  });
  const policy = createPolicyPoint(db, store, clock, deps.institutionCleared);
  const webhooks = createWebhooks({ db, keys, clock, ...deps.webhooks });

  async function authorisableItems(): Promise<CatalogItem[]> {
    return (await catalog.current()).categories.flatMap((c) => c.items).filter(needsAuthorisation);
  }

  /** Checks the terms shared by grants, requests and written authorisations. */
  async function checkTerms(input: Pick<GrantInput, 'purpose' | 'items' | 'validTo' | 'frequencyLimit' | 'retentionDays'>, at: Date): Promise<{ items: string[]; validTo: Date }> {
    if (!purposeOf(input.purpose)) {
      throw badRequest('PURPOSE_UNKNOWN', {
        zh: `用途 ${input.purpose} 不在融资用途清单中`, en: `Purpose ${input.purpose} is not one of the financing purposes`,
      }, { purposes: PURPOSES.map((p) => p.code) });
    }
    const allowed = new Set((await authorisableItems()).map((i) => i.code));
    const items = [...new Set(input.items)];
    const invalid = items.filter((c) => !allowed.has(c));
    if (invalid.length) {
      throw badRequest('ITEMS_INVALID', {
        zh: `以下信息项不存在或无需授权：${invalid.join('、')}`, en: `These items do not exist or need no authorisation: ${invalid.join(', ')}`,
      }, { invalidItems: invalid });
    }
    const validTo = parseValidTo(input.validTo);
    if (Number.isNaN(validTo.getTime()) || validTo.getTime() <= at.getTime()) {
      throw badRequest('VALIDITY_INVALID', { zh: '授权有效期须晚于当前时间', en: 'The authorisation must end in the future' });
    }
    if (validTo.getTime() - at.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
      throw badRequest('VALIDITY_TOO_LONG', { zh: `授权有效期不得超过 ${MAX_WINDOW_DAYS} 天`, en: `An authorisation may last at most ${MAX_WINDOW_DAYS} days` });
    }
    if (!(input.frequencyLimit.count > 0) || !(input.retentionDays > 0)) {
      throw badRequest('LIMIT_INVALID', { zh: '使用次数上限和保存期限须为正数', en: 'The use limit and the retention period must be positive' });
    }
    return { items, validTo };
  }

  async function institutionOf(id: string) {
    const org = await identity.organisation(id);
    if (!org || org.kind !== 'institution') {
      throw badRequest('INSTITUTION_UNKNOWN', { zh: '接入机构不存在', en: 'No such institution' });
    }
    return org;
  }

  async function enterpriseOrgOf(uscc: string) {
    return (await identity.organisations('enterprise')).find((o) => o.uscc === uscc);
  }

  function payloadOf(row: AuthorisationRow | NewAuthorisation, grantedAt: Date, grantedBy: string): ArtefactT['payload'] {
    return {
      type: 'xinrong.authorisation.v1',
      id: row.id,
      enterprise: { uscc: row.enterprise_uscc, name: row.enterprise_name },
      institution: { id: row.institution_org_id, name: row.institution_name },
      purpose: row.purpose,
      items: [...row.items],
      mode: row.mode,
      validFrom: grantedAt.toISOString(),
      validTo: row.valid_to.toISOString(),
      frequencyLimit: { count: row.frequency_count, period: row.frequency_period },
      retentionDays: row.retention_days,
      channel: row.channel,
      documentSm3: row.document_sm3,
      grantedAt: grantedAt.toISOString(),
      grantedBy,
    };
  }

  function shape(row: AuthorisationRow, at = now()) {
    return {
      id: row.id, status: effectiveStatus(row, at), channel: row.channel,
      enterprise: { uscc: row.enterprise_uscc, name: row.enterprise_name },
      institution: { id: row.institution_org_id, name: row.institution_name },
      purpose: row.purpose, items: row.items, mode: row.mode,
      validFrom: row.valid_from.toISOString(), validTo: row.valid_to.toISOString(),
      frequencyLimit: { count: row.frequency_count, period: row.frequency_period }, retentionDays: row.retention_days,
      usageCount: row.usage_count, lastUsedAt: row.last_used_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
    };
  }

  /** Notifies the enterprise (when it has an account) and the institution of a status change. */
  async function notifyChange(q: Queryable, row: Pick<AuthorisationRow, 'id' | 'enterprise_org_id' | 'institution_org_id' | 'enterprise_name' | 'institution_name' | 'purpose'>, status: AuthorisationStatus, at: Date, kind = `authorisation.${status.toLowerCase()}`) {
    const text = notificationText(row, status, kind);
    for (const orgId of [row.enterprise_org_id, row.institution_org_id]) {
      if (!orgId) continue;
      await store.insertNotification(q, { id: uuidv7(), orgId, userId: null, kind, payload: { ...text, authorisationId: row.id }, at });
    }
  }

  /**
   * Queues the webhook deliveries and appends the outbox events (other modules consume them) of status changes,
   * as the last statements of the change's transaction (the outbox lock is then held only until the commit).
   */
  async function announce(q: Queryable, rows: readonly Pick<AuthorisationRow, 'id' | 'enterprise_uscc' | 'institution_org_id'>[], status: AuthorisationStatus, at: Date) {
    for (const row of rows) await webhooks.enqueue(q, { id: row.id, status, uscc: row.enterprise_uscc, institutionId: row.institution_org_id, at });
    for (const row of rows) {
      await appendEvent(q, AUTHORISATION_CHANGED, { id: row.id, status, uscc: row.enterprise_uscc, institutionId: row.institution_org_id, at: at.toISOString() });
    }
  }

  async function recordChange(principal: Principal | null, id: string, status: AuthorisationStatus, subject: string, reason: string | null) {
    await audit.append({
      kind: 'change', action: `authorisation.${status.toLowerCase()}`, actor: auditActorOf(principal), subject,
      target: { type: 'authorisation', id }, outcome: 'ok', reason,
    });
  }

  /** Creates an authorisation (granted, requested or written) with its first history entry and notifications. */
  async function create(principal: Principal, row: NewAuthorisation, reason: string | null = null) {
    await db.tx(async (q) => {
      await store.insert(row, q);
      await store.insertEvent(q, { id: uuidv7(), authorisation_id: row.id, status: row.status, actor_user_id: principal.kind === 'user' ? principal.userId : null, actor_role: principal.roles[0] ?? 'none', reason, at: row.created_at });
      await notifyChange(q, row, row.status, row.created_at);
      await announce(q, [row], row.status, row.created_at);
    });
    await recordChange(principal, row.id, row.status, row.enterprise_uscc, reason);
    const stored = await store.byId(row.id);
    if (!stored) throw new Error(`authorisation ${row.id} vanished after insert`);
    return shape(stored);
  }

  /** The rows a principal may see: enterprise → its own, institution → its organisation's, operator → all. */
  function maysee(principal: Principal, row: AuthorisationRow): boolean {
    if (isOperator(principal)) return true;
    if (principal.orgKind === 'institution') return row.institution_org_id === principal.orgId;
    const uscc = enterpriseUsccOf(principal);
    return uscc !== null && row.enterprise_uscc === uscc;
  }

  async function requireRealName(principal: Principal) {
    if (principal.kind !== 'user' || !(await identity.realNameVerified(principal.userId))) {
      throw forbidden('REAL_NAME_REQUIRED', { zh: '线上授权须由完成实名认证的企业用户办理', en: 'Online authorisation needs a real-name-verified enterprise user' });
    }
  }

  function enterpriseActor(principal: Principal): { userId: string; uscc: string; orgId: string; orgName: string } {
    const uscc = enterpriseUsccOf(principal);
    if (principal.kind !== 'user' || !uscc) {
      throw forbidden('ENTERPRISE_USER_ONLY', { zh: '只有企业用户本人可以办理授权', en: 'Only a person of the enterprise can do this' });
    }
    return { userId: principal.userId, uscc, orgId: principal.orgId, orgName: principal.orgName };
  }

  /** Moves one authorisation along the lifecycle, under its row lock. */
  async function transition(principal: Principal, id: string, action: Action | 'activate', reason: string | null) {
    const at = now();
    const rule = TRANSITIONS[action];
    const changed = await db.tx(async (q) => {
      const row = await store.byId(id, q, true);
      if (!row || !mayAct(principal, row, action)) throw notFoundAuthorisation();
      const current = effectiveStatus(row, at);
      const channelFits = action === 'approve' ? row.channel === 'online' : action === 'activate' ? row.channel === 'written' : true;
      if (!rule.from.includes(current) || !channelFits) {
        throw conflict('AUTHORISATION_STATE', {
          zh: `授权当前状态为“${STATUS_TEXT[current].zh}”，不能${ACTION_TEXT[action].zh}`,
          en: `The authorisation is ${STATUS_TEXT[current].en}; it cannot be ${ACTION_TEXT[action].en}`,
        }, { status: current });
      }
      const activating = rule.to === 'ACTIVE' && (action === 'approve' || action === 'activate');
      if (activating && principal.kind !== 'user') throw notFoundAuthorisation();
      const grantedBy = principal.kind === 'user' ? principal.userId : undefined;
      const artefact = activating && grantedBy ? signArtefact(payloadOf(row, at, grantedBy), keys.signing) : undefined;
      await store.setStatus(q, id, rule.to, at, activating ? { validFrom: at, grantedBy, artefact } : {});
      await store.insertEvent(q, { id: uuidv7(), authorisation_id: id, status: rule.to, actor_user_id: principal.kind === 'user' ? principal.userId : null, actor_role: principal.roles[0] ?? 'none', reason, at });
      await notifyChange(q, row, rule.to, at);
      await announce(q, [row], rule.to, at);
      return row;
    });
    await recordChange(principal, id, rule.to, changed.enterprise_uscc, reason);
    const row = await store.byId(id);
    if (!row) throw notFoundAuthorisation();
    return shape(row);
  }

  function mayAct(principal: Principal, row: AuthorisationRow, action: Action | 'activate'): boolean {
    if (action === 'activate') return isOperator(principal);
    if (action === 'revoke' && isOperator(principal)) return true;
    return enterpriseUsccOf(principal) === row.enterprise_uscc;
  }

  return {
    store,
    shape,
    webhooks,
    /** C14 statistics: granted authorisations per enterprise, institution and China-time month in [from, to). */
    grantFacts: (from: Date, to: Date) => store.grantFacts(from, to),
    /**
     * The policy point for other modules (reports, verification): decides per item, counts the uses and logs every
     * decision to the audit log. `read` is the data read through it.
     */
    async decide(input: DecideInput) {
      const decisions = await policy.decide(input);
      await reader.logDecisions(input.principal, input.uscc, input.purpose, decisions, input.reason ?? null, false);
      return decisions;
    },
    read: reader.read,
    effectiveStatus,

    /** C12 clean room: the population of a model run, counting one use of each authorisation (model-population.ts). */
    takeModelPopulation: createModelPopulation({ db, store, now }),
    authorisableItems,

    purposes: () => PURPOSES.map((p) => ({ ...p })),

    async institutions() {
      return (await identity.organisations('institution')).map((o) => ({ id: o.id, name: o.name, category: o.category ?? '' }));
    },

    async items() {
      return (await authorisableItems()).map((i) => ({ code: i.code, name: i.name, nameEn: i.nameEn, level: i.level }));
    },

    publicKey: () => ({ alg: keys.signing.alg, keyId: keys.signing.keyId, publicKey: keys.signing.publicKey }),

    /** Enterprise → its own; institution → its organisation's; operator → all (optionally one USCC). */
    async list(principal: Principal, filter: { status?: AuthorisationStatus; uscc?: string }) {
      let scope: { uscc?: string; institutionOrgId?: string };
      if (isOperator(principal)) scope = { uscc: filter.uscc };
      else if (principal.orgKind === 'institution') scope = { institutionOrgId: principal.orgId, uscc: filter.uscc };
      else scope = { uscc: enterpriseActor(principal).uscc };
      const at = now();
      return (await store.list(scope))
        .filter((r) => maysee(principal, r) && (!filter.status || effectiveStatus(r, at) === filter.status))
        .map((r) => shape(r, at));
    },

    /** One authorisation with its artefact and history; 404 for anyone it does not concern. */
    async get(principal: Principal, id: string) {
      const row = await store.byId(id);
      if (!row || !maysee(principal, row)) throw notFoundAuthorisation();
      const events = await store.events(id);
      return {
        ...shape(row),
        note: row.note,
        document: row.document_sm3 && row.document_name && row.document_type
          ? { name: row.document_name, contentType: row.document_type, sm3: row.document_sm3.trim(), bytes: row.document_bytes ?? 0 }
          : null,
        artefact: row.artefact,
        history: events.map((e) => ({ status: e.status, at: e.at.toISOString(), actor: e.actor_user_id, role: e.actor_role, reason: e.reason })),
      };
    },

    /** Online grant by a real-name-verified enterprise user: ACTIVE at once, signed. */
    async grant(principal: Principal, input: GrantInput) {
      const actor = enterpriseActor(principal);
      await requireRealName(principal);
      const at = now();
      const { items, validTo } = await checkTerms(input, at);
      const institution = await institutionOf(input.institutionId);
      const row: NewAuthorisation = {
        id: uuidv7(), enterprise_uscc: actor.uscc, enterprise_org_id: actor.orgId, enterprise_name: actor.orgName,
        institution_org_id: institution.id, institution_name: institution.name, purpose: input.purpose, items, mode: input.mode,
        valid_from: at, valid_to: validTo, frequency_count: input.frequencyLimit.count, frequency_period: input.frequencyLimit.period,
        retention_days: input.retentionDays, status: 'ACTIVE', channel: 'online', requested_by: null, granted_by: actor.userId, note: null,
        document_sm3: null, document_name: null, document_type: null, document: null, artefact: null, created_at: at, updated_at: at,
      };
      row.artefact = signArtefact(payloadOf(row, at, actor.userId), keys.signing);
      return create(principal, row);
    },

    /** An institution asks an enterprise (which must have an account to answer) for an authorisation: PENDING. */
    async request(principal: Principal, input: RequestInput) {
      if (principal.kind !== 'user' || principal.orgKind !== 'institution') {
        throw forbidden('INSTITUTION_USER_ONLY', { zh: '只有接入机构用户可以申请授权', en: 'Only an institution user can request an authorisation' });
      }
      const at = now();
      const { items, validTo } = await checkTerms(input, at);
      const enterprise = await enterpriseOrgOf(input.uscc);
      if (!enterprise) {
        throw notFound('ENTERPRISE_NO_ACCOUNT', {
          zh: '该企业尚未在平台注册，无法在线授权；请办理书面授权', en: 'The enterprise has no platform account to answer online; use a written authorisation',
        });
      }
      return create(principal, {
        id: uuidv7(), enterprise_uscc: input.uscc, enterprise_org_id: enterprise.id, enterprise_name: enterprise.name,
        institution_org_id: principal.orgId, institution_name: principal.orgName, purpose: input.purpose, items, mode: input.mode,
        valid_from: at, valid_to: validTo, frequency_count: input.frequencyLimit.count, frequency_period: input.frequencyLimit.period,
        retention_days: input.retentionDays, status: 'PENDING', channel: 'online', requested_by: principal.userId, granted_by: null,
        note: input.note ?? null, document_sm3: null, document_name: null, document_type: null, document: null, artefact: null,
        created_at: at, updated_at: at,
      });
    },

    /** approve / decline / pause / resume by the enterprise; revoke by the enterprise or an operator with a reason. */
    async act(principal: Principal, id: string, action: Action, reason: string | null) {
      const trimmed = reason?.trim() || null;
      if (isOperator(principal)) {
        if (action !== 'revoke') throw notFoundAuthorisation();
        if (!operatorReasonOk(trimmed)) {
          throw badRequest('REASON_REQUIRED', { zh: `请说明撤销理由（至少 ${MIN_OPERATOR_REASON} 个字）`, en: `State why (at least ${MIN_OPERATOR_REASON} characters)` });
        }
      } else {
        enterpriseActor(principal);
        if (action === 'approve') await requireRealName(principal);
      }
      return transition(principal, id, action, trimmed);
    },

    /** An operator uploads a written authorisation (书面授权) with its scan: PENDING until an operator activates it. */
    async uploadWritten(principal: Principal, input: WrittenInput) {
      if (!isOperator(principal) || principal.kind !== 'user') {
        throw forbidden('OPERATOR_ONLY', { zh: '书面授权由平台运营人员录入', en: 'Written authorisations are entered by platform operators' });
      }
      const at = now();
      const { items, validTo } = await checkTerms(input, at);
      const bytes = decodeBase64(input.document.base64);
      if (!bytes || bytes.length === 0) throw badRequest('DOCUMENT_INVALID', { zh: '授权书文件不是有效的 Base64', en: 'The document is not valid base64' });
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new AppError('DOCUMENT_TOO_LARGE', 413, { zh: '授权书文件不得超过 5 MB', en: 'The document may be at most 5 MB' });
      }
      if (!matchesType(bytes, input.document.contentType)) {
        throw badRequest('DOCUMENT_TYPE_MISMATCH', { zh: '文件内容与声明的类型不符', en: 'The file content does not match its declared type' });
      }
      const institution = await institutionOf(input.institutionId);
      const enterprise = await enterpriseOrgOf(input.uscc);
      const name = enterprise?.name ?? (await deps.entityName(input.uscc));
      if (!name) throw notFound('ENTITY_NOT_FOUND', { zh: `未找到统一社会信用代码为 ${input.uscc} 的市场主体`, en: `No market entity with USCC ${input.uscc}` });
      return create(principal, {
        id: uuidv7(), enterprise_uscc: input.uscc, enterprise_org_id: enterprise?.id ?? null, enterprise_name: name,
        institution_org_id: institution.id, institution_name: institution.name, purpose: input.purpose, items, mode: input.mode,
        valid_from: at, valid_to: validTo, frequency_count: input.frequencyLimit.count, frequency_period: input.frequencyLimit.period,
        retention_days: input.retentionDays, status: 'PENDING', channel: 'written', requested_by: principal.kind === 'user' ? principal.userId : null,
        granted_by: null, note: input.note ?? null, document_sm3: sm3Hex(bytes), document_name: input.document.name,
        document_type: input.document.contentType, document: bytes, artefact: null, created_at: at, updated_at: at,
      });
    },

    /** An operator activates an uploaded written authorisation after checking the paper: ACTIVE, signed. */
    activate: (principal: Principal, id: string) => transition(principal, id, 'activate', null),

    /** The caller's organisation's notifications (and those addressed to the caller), newest first. */
    async notifications(principal: Principal) {
      if (principal.kind !== 'user') return { items: [], unread: 0 };
      const rows = await store.notifications(principal.orgId, principal.userId);
      return {
        items: rows.map(shapeNotification),
        unread: rows.filter((r) => r.read_at === null).length,
      };
    },

    async markRead(principal: Principal, id: string) {
      const row = principal.kind === 'user' ? await store.markRead(id, principal.orgId, principal.userId, now()) : undefined;
      if (!row) throw notFound('NOTIFICATION_NOT_FOUND', { zh: '通知不存在', en: 'No such notification' });
      return shapeNotification(row);
    },

    /**
     * Persists expiry of open authorisations whose window has closed, and reminds both sides once, REMINDER_DAYS
     * before an active one ends. Idempotent; run by the scheduler and safe to run from several processes.
     */
    async sweep(): Promise<{ expired: number; reminded: number }> {
      const at = now();
      const expired = await db.tx(async (q) => {
        const rows = await store.lapsed(q, at);
        for (const row of rows) {
          await store.setStatus(q, row.id, 'EXPIRED', at);
          await store.insertEvent(q, { id: uuidv7(), authorisation_id: row.id, status: 'EXPIRED', actor_user_id: null, actor_role: 'system', reason: null, at });
          await notifyChange(q, row, 'EXPIRED', at);
        }
        await announce(q, rows, 'EXPIRED', at);
        return rows;
      });
      for (const row of expired) await recordChange(null, row.id, 'EXPIRED', row.enterprise_uscc, null);
      const reminded = await db.tx(async (q) => {
        const rows = await store.expiringUnreminded(q, at, new Date(at.getTime() + REMINDER_DAYS * DAY_MS));
        for (const row of rows) {
          await store.markReminded(q, row.id, at);
          await notifyChange(q, row, 'ACTIVE', at, 'authorisation.expiring');
        }
        return rows.length;
      });
      return { expired: expired.length, reminded };
    },
  };
}

function shapeNotification(row: { id: string; kind: string; payload: { zh: string; en: string; authorisationId?: string }; read_at: Date | null; created_at: Date }) {
  return {
    id: row.id, kind: row.kind, text: { zh: row.payload.zh, en: row.payload.en }, authorisationId: row.payload.authorisationId ?? null,
    readAt: row.read_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
