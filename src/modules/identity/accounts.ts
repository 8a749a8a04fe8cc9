import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { INSTITUTION_ROLES, MFA_ROLES, OPERATOR_ROLES, isRole, type Role } from '../../platform/auth/roles.ts';
import { hashPassword, passwordPolicy } from '../../platform/auth/password.ts';
import { generateTotpSecret, otpauthUri } from '../../platform/auth/totp.ts';
import { sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { codes, usccError } from '../entities/index.ts';
import { accountsStore, type AccountRow, type AssessmentRow, type OrganisationListRow } from './accounts-store.ts';

/** Kinds an operator onboards here (enterprises register themselves; nodes are trusted through the federation). */
export const MANAGED_KINDS = ['institution', 'provider', 'operator'] as const;
export type ManagedKind = (typeof MANAGED_KINDS)[number];

/** Roles a person of each kind of organisation may be given (machine roles are API keys, never people). */
export const GRANTABLE_ROLES: Record<ManagedKind | 'enterprise', readonly Role[]> = {
  // an enterprise's legal representative registers; agents are theirs to open
  enterprise: ['enterprise_agent'],
  institution: INSTITUTION_ROLES,
  provider: ['provider_admin'],
  operator: OPERATOR_ROLES,
};

/** How long an activation code is good for. */
export const ACTIVATION_HOURS = 72;
/** Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16; // 80 bits
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$/;

type Localized = { zh: string; en: string };
interface CategoryTable { institution: Record<string, Localized>; provider: Record<string, Localized> }
let categoryTable: CategoryTable | undefined;
/** Categories an onboarded organisation may carry (src/data/identity/organisation-categories-v1.json). */
export function organisationCategories(): CategoryTable {
  categoryTable ??= JSON.parse(readFileSync(new URL('../../data/identity/organisation-categories-v1.json', import.meta.url), 'utf8')) as CategoryTable;
  return categoryTable;
}

export interface AssessmentInput { status: 'passed' | 'conditional' | 'failed'; assessedOn: string; validUntil?: string | null; assessor: string; note?: string | null }

export type AssessmentState = 'valid' | 'conditional' | 'expired' | 'failed' | 'none';

/** What the newest assessment means on a China-time day: a pass holds through its last day, a failure never. */
export function assessmentState(latest: Pick<AssessmentRow, 'status' | 'valid_until'> | undefined, today: string): AssessmentState {
  if (!latest) return 'none';
  if (latest.status === 'failed') return 'failed';
  if (latest.valid_until !== null && latest.valid_until < today) return 'expired';
  return latest.status === 'passed' ? 'valid' : 'conditional';
}

/** A fresh activation code, shown as four groups of four. */
export function newActivationCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s.match(/.{4}/g)!.join('-');
}

/** A typed code as stored: separators and case dropped, the letters people confuse with digits read as those digits. */
export function normaliseActivationCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface AccountsDeps {
  db: Db;
  keys: PlatformKeys;
  /** the node's GB/T 2260 region: organisations it onboards lie inside it */
  nodeRegion: string;
  /** drops cached session lookups of ended sessions in this process */
  forgetSessions: (tokenHashes: string[]) => void;
  clock?: () => number;
}

/**
 * Organisations and accounts (SPEC §1 operator: manage providers and institutions incl. their security-assessment
 * status). An administrator makes an account without a password; the person sets one with a one-time activation
 * code handed over out of band, so nobody else ever knows it, and enrols the second factor at the same moment.
 */
export function createAccountsService(deps: AccountsDeps) {
  const { db, keys } = deps;
  const clock = deps.clock ?? Date.now;
  const store = accountsStore(db);
  const codeHash = (userId: string, code: string) => sm3Hex(`xinrong-activation:${userId}:${normaliseActivationCode(code)}`);

  function isOperatorAdmin(p: Principal) {
    return p.roles.includes('op_admin');
  }

  const inSubtree = (scope: string, region: string) => {
    const prefix = codes.regionSubtreePrefix(scope);
    return prefix !== undefined && region.startsWith(prefix);
  };

  /**
   * A district edition's operator (SPEC C15): an operator department whose region lies below the node's. Its
   * administrators onboard and manage organisations of that region only; null for the node's own operators.
   */
  async function districtOf(p: Principal): Promise<string | null> {
    if (p.orgKind !== 'operator') return null;
    const region = (await store.organisation(p.orgId))?.region_code;
    return region !== undefined && region !== deps.nodeRegion && inSubtree(deps.nodeRegion, region) ? region : null;
  }

  async function assertInDistrict(p: Principal, region: string): Promise<void> {
    const home = await districtOf(p);
    if (home !== null && !inSubtree(home, region)) throw notFound('ORG_UNKNOWN', { zh: '机构不存在或无权管理', en: 'No such organisation, or not yours to manage' });
  }

  /**
   * Who may manage the people of an organisation: op_admin any onboarded one, and an enterprise's accounts at the
   * counter (a forgotten password reset, an account stopped); an institution's or provider's admin their own; an
   * enterprise's legal representative the enterprise's agents.
   */
  async function manageableOrg(p: Principal, orgId: string): Promise<OrganisationListRow & { kind: ManagedKind | 'enterprise' }> {
    const org = await store.organisation(orgId);
    const mine = org?.id === p.orgId && (p.roles.includes('inst_admin') || p.roles.includes('provider_admin') || p.roles.includes('enterprise_legal_rep'));
    const managed = org !== undefined && ((MANAGED_KINDS as readonly string[]).includes(org.kind) || org.kind === 'enterprise');
    if (!org || !((managed && isOperatorAdmin(p)) || mine)) {
      // another organisation's people are not confirmed to exist
      throw notFound('ORG_UNKNOWN', { zh: '机构不存在或无权管理', en: 'No such organisation, or not yours to manage' });
    }
    if (!mine) await assertInDistrict(p, org.region_code);
    return org as OrganisationListRow & { kind: ManagedKind | 'enterprise' };
  }

  function orgJson(o: OrganisationListRow, latest: AssessmentRow | undefined) {
    const region = codes.regionByCode(o.region_code);
    return {
      id: o.id, kind: o.kind as ManagedKind, name: o.name, uscc: o.uscc, regionCode: o.region_code, regionName: region?.fullName ?? o.region_code,
      category: o.category, createdAt: o.created_at.toISOString(), users: o.users,
      assessment: latest ? assessmentJson(latest) : null,
      assessmentState: assessmentState(latest, chinaDay(clock())),
    };
  }

  function assessmentJson(a: AssessmentRow) {
    return {
      id: a.id, status: a.status, assessedOn: a.assessed_on, validUntil: a.valid_until, assessor: a.assessor, note: a.note,
      recordedAt: a.recorded_at.toISOString(), recordedBy: a.recorded_by_name,
    };
  }

  function accountJson(u: AccountRow) {
    const state = u.disabled ? 'disabled' : u.pending ? 'pending_activation' : u.locked_until && u.locked_until.getTime() > clock() ? 'locked' : 'active';
    return {
      id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, state: state as 'pending_activation' | 'active' | 'disabled' | 'locked',
      createdAt: u.created_at.toISOString(), lastLoginAt: u.last_login_at?.toISOString() ?? null,
      activationExpiresAt: u.pending && u.activation_expires_at ? u.activation_expires_at.toISOString() : null,
    };
  }

  async function issueCode(userId: string, by: string) {
    const code = newActivationCode();
    const expiresAt = new Date(clock() + ACTIVATION_HOURS * 3_600_000);
    await db.tx(async (q) => {
      await accountsStore(q).issueActivation(userId, codeHash(userId, code), expiresAt, by);
      deps.forgetSessions(await accountsStore(q).endSessions(userId));
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  async function targetAccount(p: Principal, userId: string): Promise<AccountRow> {
    if (p.kind !== 'user') throw forbidden('AUTH_NOT_A_PERSON', { zh: '账号须由管理员本人管理', en: 'Accounts are managed by a person' });
    const u = await store.account(userId);
    if (!u) throw notFound('ACCOUNT_UNKNOWN', { zh: '账号不存在', en: 'No such account' });
    const org = await manageableOrg(p, u.org_id).catch(() => {
      throw notFound('ACCOUNT_UNKNOWN', { zh: '账号不存在', en: 'No such account' });
    });
    // an organisation's own admin acts on the accounts it could have opened: an enterprise's legal representative on
    // agents, never on a (predecessor) legal representative, whom a change in the registry stopped
    if (!isOperatorAdmin(p) && !u.roles.every((r) => GRANTABLE_ROLES[org.kind].includes(r))) {
      throw forbidden('ACCOUNT_NOT_MANAGED', { zh: '该账号不由您管理', en: 'This account is not yours to manage' });
    }
    if (p.kind === 'user' && p.userId === u.id) {
      throw conflict('ACCOUNT_SELF', { zh: '不能对自己的账号执行此操作，请由另一位管理员办理', en: 'You cannot do this to your own account; ask another administrator' });
    }
    return u;
  }

  async function recordAssessmentBy(userId: string, orgId: string, b: AssessmentInput) {
    const org = await store.organisation(orgId);
    if (!org) throw notFound('ORG_UNKNOWN', { zh: '机构不存在', en: 'No such organisation' });
    if (org.kind !== 'institution') throw badRequest('ASSESSMENT_NOT_INSTITUTION', { zh: '信息安全评估针对接入机构', en: 'Security assessments are recorded for access institutions' });
    const problems: { field: string; zh: string; en: string }[] = [];
    const today = chinaDay(clock());
    if (!isDay(b.assessedOn)) problems.push({ field: 'assessedOn', zh: '评估日期格式应为 YYYY-MM-DD', en: 'assessedOn must be YYYY-MM-DD' });
    else if (b.assessedOn > today) problems.push({ field: 'assessedOn', zh: '评估日期不能晚于今天', en: 'assessedOn cannot be in the future' });
    const validUntil = b.validUntil ?? null;
    if (b.status === 'failed' && validUntil !== null) problems.push({ field: 'validUntil', zh: '未通过的评估没有有效期', en: 'A failed assessment has no validity' });
    if (b.status !== 'failed') {
      if (validUntil === null) problems.push({ field: 'validUntil', zh: '请填写有效期至', en: 'validUntil is required for a pass' });
      else if (!isDay(validUntil)) problems.push({ field: 'validUntil', zh: '有效期格式应为 YYYY-MM-DD', en: 'validUntil must be YYYY-MM-DD' });
      else if (isDay(b.assessedOn) && validUntil < b.assessedOn) problems.push({ field: 'validUntil', zh: '有效期不能早于评估日期', en: 'validUntil cannot precede assessedOn' });
    }
    if (!b.assessor.trim()) problems.push({ field: 'assessor', zh: '请填写评估机构', en: 'The assessor is required' });
    if (problems.length) {
      throw new AppError('ASSESSMENT_INVALID', 400, { zh: problems.map((x) => x.zh).join('；'), en: problems.map((x) => x.en).join('; ') }, { problems });
    }
    const id = uuidv7();
    await store.insertAssessment({ id, orgId, status: b.status, assessedOn: b.assessedOn, validUntil, assessor: b.assessor.trim(), note: b.note?.trim() || null, recordedBy: userId });
    clearance.delete(orgId);
    return assessmentJson((await store.assessments(orgId)).find((a) => a.id === id)!);
  }

  // clearance is read on every authorised data read: kept 10 s per institution, dropped at once when recorded here
  const clearance = new Map<string, { at: number; cleared: Promise<boolean> }>();
  const CLEARANCE_REUSE_MS = 10_000;

  return {
    categories: organisationCategories,

    /**
     * Whether an institution may read data that needs an enterprise's authorisation: its newest information-security
     * assessment is a pass or a conditional pass still inside its validity (seed 000 一(3)).
     */
    institutionCleared(orgId: string): Promise<boolean> {
      const now = clock();
      const hit = clearance.get(orgId);
      if (hit && now - hit.at < CLEARANCE_REUSE_MS) return hit.cleared;
      if (clearance.size > 10_000) clearance.clear();
      const cleared = store.latestAssessments([orgId]).then(([a]) => {
        const state = assessmentState(a, chinaDay(clock()));
        return state === 'valid' || state === 'conditional';
      });
      cleared.catch(() => clearance.delete(orgId));
      clearance.set(orgId, { at: now, cleared });
      return cleared;
    },

    districtOf,
    /** `districtOf` as the GB/T 2260 prefix every code of the county starts with (for SQL filters). */
    async districtPrefixOf(p: Principal): Promise<string | null> {
      const home = await districtOf(p);
      return home === null ? null : (codes.regionSubtreePrefix(home) ?? null);
    },

    async list(p: Principal, kind: ManagedKind) {
      const home = await districtOf(p);
      const orgs = (await store.organisations(kind)).filter((o) => home === null || inSubtree(home, o.region_code));
      const latest = new Map((await store.latestAssessments(orgs.map((o) => o.id))).map((a) => [a.org_id, a]));
      return orgs.map((o) => orgJson(o, latest.get(o.id)));
    },

    async get(p: Principal, id: string) {
      const isOperator = p.orgKind === 'operator';
      const org = isOperator ? await store.organisation(id) : await manageableOrg(p, id);
      if (!org || !(MANAGED_KINDS as readonly string[]).includes(org.kind)) throw notFound('ORG_UNKNOWN', { zh: '机构不存在或无权管理', en: 'No such organisation, or not yours to manage' });
      if (isOperator) await assertInDistrict(p, org.region_code);
      const assessments = await store.assessments(id);
      return { ...orgJson(org, assessments[0]), assessments: assessments.map(assessmentJson) };
    },

    async create(p: Principal, b: { kind: ManagedKind; name: string; uscc?: string; regionCode: string; category?: string }) {
      const name = b.name.trim();
      if (!name) throw badRequest('ORG_NAME_REQUIRED', { zh: '请填写机构名称', en: 'The name is required' }, { field: 'name' });
      const uscc = b.uscc?.trim().toUpperCase() || null;
      if (b.kind !== 'operator' && !uscc) throw badRequest('USCC_REQUIRED', { zh: '接入机构和数据提供单位须填写统一社会信用代码', en: 'Institutions and providers need their unified social credit code' }, { field: 'uscc' });
      if (uscc) {
        const err = usccError(uscc);
        if (err) throw err;
      }
      const region = codes.regionByCode(b.regionCode);
      if (!region) throw badRequest('REGION_UNKNOWN', { zh: `行政区划代码 ${b.regionCode} 不存在`, en: `Unknown region code ${b.regionCode}` }, { field: 'regionCode' });
      const prefix = codes.regionSubtreePrefix(deps.nodeRegion);
      if (prefix === undefined || !b.regionCode.startsWith(prefix)) {
        throw badRequest('REGION_OUTSIDE_NODE', { zh: `${region.fullName} 不在本节点辖区内`, en: `${b.regionCode} lies outside this node's region ${deps.nodeRegion}` }, { field: 'regionCode' });
      }
      const home = await districtOf(p);
      if (home !== null && !inSubtree(home, b.regionCode)) {
        const homeName = codes.regionByCode(home)?.fullName ?? home;
        throw badRequest('REGION_OUTSIDE_DISTRICT', { zh: `区县运营部门只能登记${homeName}内的机构`, en: `A district operator onboards organisations of ${home} only` }, { field: 'regionCode' });
      }
      let category: string | null = null;
      if (b.kind !== 'operator') {
        const table = organisationCategories()[b.kind];
        if (!b.category || !Object.hasOwn(table, b.category)) {
          throw badRequest('ORG_CATEGORY_UNKNOWN', { zh: `请选择类别（${Object.values(table).map((c) => c.zh).join('、')}）`, en: `Choose a category: ${Object.keys(table).join(', ')}` }, { field: 'category' });
        }
        category = b.category;
      }
      if (uscc && await store.usccTaken(b.kind, uscc)) {
        throw conflict('ORG_USCC_TAKEN', { zh: `统一社会信用代码 ${uscc} 已登记`, en: `${uscc} is already onboarded` }, { field: 'uscc' });
      }
      const id = uuidv7();
      try {
        await db.query('INSERT INTO organisations (id, kind, name, uscc, region_code, category) VALUES ($1,$2,$3,$4,$5,$6)', [id, b.kind, name, uscc, b.regionCode, category]);
      } catch (err) {
        // two operators onboarding the same code at once: the unique index decides
        if ((err as { code?: string }).code === '23505') throw conflict('ORG_USCC_TAKEN', { zh: `统一社会信用代码 ${uscc} 已登记`, en: `${uscc} is already onboarded` }, { field: 'uscc' });
        throw err;
      }
      return orgJson((await store.organisation(id))!, undefined);
    },

    async recordAssessment(p: Principal, orgId: string, b: AssessmentInput) {
      if (p.kind !== 'user') throw forbidden('AUTH_NOT_A_PERSON', { zh: '评估须由管理员本人记录', en: 'An assessment is recorded by a person' });
      const org = await store.organisation(orgId);
      if (org) await assertInDistrict(p, org.region_code);
      return recordAssessmentBy(p.userId, orgId, b);
    },

    /** The demo seed's and the CLI's way in: the same checks, recorded in the name of the given operator user. */
    recordAssessmentBy: (userId: string, orgId: string, b: AssessmentInput) => recordAssessmentBy(userId, orgId, b),

    /** The operator's way to an enterprise's accounts: its organisation on the platform, if it has registered. */
    async enterpriseOrg(p: Principal, uscc: string): Promise<{ orgId: string | null; name: string | null }> {
      const org = await store.enterpriseByUscc(uscc);
      if (org) await assertInDistrict(p, org.region_code);
      return { orgId: org?.id ?? null, name: org?.name ?? null };
    },

    async accounts(p: Principal, orgId: string) {
      await manageableOrg(p, orgId);
      return (await store.accounts(orgId)).map(accountJson);
    },

    async createAccount(p: Principal, orgId: string, b: { username: string; displayName: string; roles: string[] }) {
      const org = await manageableOrg(p, orgId);
      if (p.kind !== 'user') throw forbidden('AUTH_NOT_A_PERSON', { zh: '账号须由管理员本人开设', en: 'Accounts are made by a person' });
      if (org.kind === 'enterprise' && p.orgId !== org.id) {
        throw forbidden('ENTERPRISE_ACCOUNTS_OWN', { zh: '企业账号由法定代表人注册，经办人账号由法定代表人开设', en: "An enterprise's legal representative registers; agents' accounts are opened by the legal representative" });
      }
      const username = b.username.trim();
      if (!USERNAME.test(username)) {
        throw badRequest('USERNAME_INVALID', { zh: '用户名为 3–64 位字母、数字或 _ . @ -，以字母或数字开头', en: 'A user name is 3–64 letters, digits or _ . @ -, starting with a letter or digit' }, { field: 'username' });
      }
      const displayName = b.displayName.trim();
      if (!displayName) throw badRequest('DISPLAY_NAME_REQUIRED', { zh: '请填写姓名', en: 'The name is required' }, { field: 'displayName' });
      const allowed = GRANTABLE_ROLES[org.kind];
      const roles = [...new Set(b.roles)];
      if (roles.length === 0) throw badRequest('ROLE_REQUIRED', { zh: '至少需要一个角色', en: 'At least one role is required' }, { field: 'roles' });
      for (const r of roles) {
        if (!isRole(r) || !allowed.includes(r)) {
          throw badRequest('ROLE_ORG_MISMATCH', { zh: `角色 ${r} 不能授予${org.name}的人员`, en: `Role ${r} cannot be given in a ${org.kind} organisation` }, { field: 'roles' });
        }
      }
      const id = uuidv7();
      if (!(await store.insertPendingUser({ id, orgId, username, displayName, roles: roles as Role[], createdBy: p.userId }))) {
        throw conflict('USERNAME_TAKEN', { zh: '用户名已存在', en: 'The user name is taken' }, { field: 'username' });
      }
      const activation = await issueCode(id, p.userId);
      return { user: accountJson((await store.account(id))!), activation };
    },

    async reissue(p: Principal, userId: string) {
      const u = await targetAccount(p, userId);
      if (u.disabled) throw conflict('ACCOUNT_DISABLED', { zh: '账号已停用，请先启用', en: 'The account is disabled; enable it first' });
      return issueCode(u.id, (p as Extract<Principal, { kind: 'user' }>).userId);
    },

    async setDisabled(p: Principal, userId: string, disabled: boolean) {
      const u = await targetAccount(p, userId);
      await db.tx(async (q) => {
        await accountsStore(q).setDisabled(u.id, disabled);
        if (disabled) deps.forgetSessions(await accountsStore(q).endSessions(u.id));
      });
      return accountJson((await store.account(u.id))!);
    },

    /** The person's step: a live code sets their password and, for roles that need one, a new second factor. */
    async activate(b: { username: string; code: string; password: string }) {
      const invalid = () => new AppError('ACTIVATION_INVALID', 400, { zh: '用户名或激活码不正确，或激活码已过期', en: 'Wrong user name or activation code, or the code has expired' });
      const weak = passwordPolicy(b.password);
      if (weak) throw badRequest('PASSWORD_WEAK', { zh: weak.messages['zh-CN'], en: weak.messages.en }, { field: 'password' });
      const rows = await db.query<{ id: string; roles: Role[]; disabled: boolean }>('SELECT id, roles, disabled FROM users WHERE username = $1', [b.username.trim()]);
      const user = rows[0];
      if (!user || user.disabled) throw invalid();
      const passwordHash = await hashPassword(b.password);
      const totpSecret = user.roles.some((r) => MFA_ROLES.includes(r)) ? generateTotpSecret() : null;
      const claimed = await db.tx(async (q) => {
        const s = accountsStore(q);
        if (!(await s.claimActivation(user.id, codeHash(user.id, b.code)))) return false;
        await s.activate(user.id, passwordHash, totpSecret ? keys.cipher.encrypt(totpSecret) : null);
        return true;
      });
      if (!claimed) throw invalid();
      const username = b.username.trim();
      return { username, totp: totpSecret ? { secret: totpSecret, uri: otpauthUri({ secret: totpSecret, account: username, issuer: 'xinrong' }) } : null };
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
