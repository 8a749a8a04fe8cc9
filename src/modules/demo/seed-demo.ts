import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../../platform/platform.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { ENTITY_COLUMNS, codes, generateEnterprises, normaliseEntity, type DemoEnterprise, type EntityService } from '../entities/index.ts';
import type { AccountsService, IdentityService } from '../identity/index.ts';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  portal: string;
  org: string;
  totpSecret: string | null;
}

export interface DemoCredentials {
  password: string;
  users: DemoUser[];
  apiKeys: { org: string; keyId: string; secret: string }[];
}

export interface SeedOptions {
  enterprises: number;
  seed?: number | string;
  onProgress?: (done: number, total: number) => void;
}

const DEMO_FILE = 'demo-credentials.json';

/** Converts a generated enterprise into registry columns (validated, size-classified, personal data encrypted). */
export function demoEntityRow(platform: Platform, e: DemoEnterprise): (string | null)[] {
  const { values } = normaliseEntity({
    uscc: e.uscc, name: e.name, entityType: e.entityType, registrationAuthority: e.registrationAuthority,
    regionCode: e.regionCode, industryCode: e.industryCode, registeredCapital: e.registeredCapital, establishedOn: e.establishedOn,
    legalRep: { name: e.legalRepName, idType: e.legalRepIdType, idNumber: e.legalRepIdNumber, mobile: e.legalRepMobile },
    status: e.status, employees: e.employees, revenue: e.revenue, assets: e.assets,
  }, platform.keys);
  return values.map((v) => (v === null ? null : Array.isArray(v) ? `{${v.join(',')}}` : String(v)));
}

/** Bulk-loads generated enterprises with COPY (PostgreSQL) or COPY from a blob (PGlite). */
export async function seedEnterprises(platform: Platform, opts: SeedOptions): Promise<{ count: number; first: DemoEnterprise | null }> {
  let first: DemoEnterprise | null = null;
  let done = 0;
  const platformRef = platform;
  function* rows() {
    for (const e of generateEnterprises({ count: opts.enterprises, seed: opts.seed ?? 20261123, regionPrefix: codes.regionSubtreePrefix(platformRef.config.regionCode) ?? '1310' })) {
      if (!first && e.status === 'active' && e.entityType === 'enterprise' && e.employees !== null) first = e;
      done++;
      if (opts.onProgress && done % 10000 === 0) opts.onProgress(done, opts.enterprises);
      yield demoEntityRow(platformRef, e);
    }
  }
  const count = await platform.db.copyRows('entities', ENTITY_COLUMNS, rows());
  opts.onProgress?.(count, opts.enterprises);
  return { count, first };
}

/**
 * First-start demo data: the registry of one prefecture city plus an operator, institutions, providers and
 * an enterprise account, each with a login. Passwords and TOTP secrets are generated per installation
 * (never shipped in the repository) and kept in DATA_DIR/demo-credentials.json for the demo's operator.
 */
export async function seedDemo(platform: Platform, services: { identity: IdentityService; entities: EntityService; accounts?: AccountsService }, opts: SeedOptions): Promise<DemoCredentials> {
  const existing = loadDemoCredentials(platform);
  if ((await services.identity.countOrganisations()).operator > 0) {
    if (existing) return existing;
    return { password: '(set at first start; see the log of that start)', users: [], apiKeys: [] };
  }
  const { first } = await seedEnterprises(platform, opts);
  const region = platform.config.regionCode;
  const { identity } = services;
  const password = `Xr-${randomToken(16).slice(0, 12)}`;
  const users: DemoUser[] = [];
  const apiKeys: DemoCredentials['apiKeys'] = [];

  const addUser = async (orgId: string, org: string, username: string, displayName: string, roles: Role[], portal: string) => {
    const { totpSecret } = await identity.createUser({ orgId, username, displayName, password, roles, realNameVerified: true });
    users.push({ username, displayName, roles, portal, org, totpSecret });
  };

  const operator = await identity.createOrganisation({ kind: 'operator', name: `${platform.config.nodeName}运营中心`, regionCode: region });
  await addUser(operator, '运营中心', 'operator', '平台管理员', ['op_admin', 'op_catalog_admin'], 'operator');
  await addUser(operator, '运营中心', 'auditor', '审计员', ['op_auditor'], 'operator');

  const bank = await identity.createOrganisation({ kind: 'institution', name: '华北示范商业银行廊坊分行', regionCode: region, category: 'bank' });
  await addUser(bank, '华北示范商业银行廊坊分行', 'bank_officer', '客户经理 李明', ['inst_loan_officer'], 'institution');
  await addUser(bank, '华北示范商业银行廊坊分行', 'bank_admin', '机构管理员 王芳', ['inst_admin', 'inst_product_manager'], 'institution');
  const ruralBank = await identity.createOrganisation({ kind: 'institution', name: '廊坊示范农村商业银行', regionCode: region, category: 'bank' });
  const guarantor = await identity.createOrganisation({ kind: 'institution', name: '廊坊示范融资担保有限公司', regionCode: region, category: 'guarantor' });
  // the demo institutions passed their information-security assessment today, valid for a year (seed 000 一(3))
  if (services.accounts) {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const validUntil = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 7)}-28`;
    const recordedBy = (await identity.userByUsername('operator'))!.id;
    for (const orgId of [bank, ruralBank, guarantor]) {
      await services.accounts.recordAssessmentBy(recordedBy, orgId, { status: 'passed', assessedOn: today, validUntil, assessor: '示范信息安全测评中心（演示数据）' });
    }
  }

  const tax = await identity.createOrganisation({ kind: 'provider', name: '廊坊市税务局（示范）', regionCode: region, category: 'tax' });
  await addUser(tax, '廊坊市税务局（示范）', 'tax_provider', '数据专员 赵强', ['provider_admin'], 'provider');
  const taxKey = await identity.issueApiKey(tax, 'tax push client', ['provider_system']);
  apiKeys.push({ org: '廊坊市税务局（示范）', ...taxKey });
  await identity.createOrganisation({ kind: 'provider', name: '廊坊市住房公积金管理中心（示范）', regionCode: region, category: 'housing_fund' });
  const utilities = await identity.createOrganisation({ kind: 'provider', name: '廊坊市供水供电供气（示范）', regionCode: region, category: 'utilities' });
  await addUser(utilities, '廊坊市供水供电供气（示范）', 'utility_provider', '数据专员 孙丽', ['provider_admin'], 'provider');
  const utilitiesKey = await identity.issueApiKey(utilities, 'utilities push client', ['provider_system']);
  apiKeys.push({ org: '廊坊市供水供电供气（示范）', ...utilitiesKey });

  if (first) {
    const e = first as DemoEnterprise;
    const ent = await identity.createOrganisation({ kind: 'enterprise', name: e.name, uscc: e.uscc, regionCode: e.regionCode });
    await addUser(ent, e.name, 'ent_demo', `法定代表人 ${e.legalRepName}`, ['enterprise_legal_rep'], 'enterprise');
  }

  const creds: DemoCredentials = { password, users, apiKeys };
  saveDemoCredentials(platform, creds);
  return creds;
}

function loadDemoCredentials(platform: Platform): DemoCredentials | null {
  if (platform.config.memory || platform.config.databaseUrl) return null;
  const file = join(platform.config.dataDir, DEMO_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials) : null;
}

function saveDemoCredentials(platform: Platform, creds: DemoCredentials): void {
  if (platform.config.memory) return;
  const file = join(platform.config.databaseUrl ? process.cwd() : platform.config.dataDir, DEMO_FILE);
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function formatDemoCredentials(creds: DemoCredentials, url: string): string {
  const lines = [
    `xinrong is serving at ${url}  (API docs: ${url}/api/docs)`,
    `Demo logins (password for all: ${creds.password}):`,
    ...creds.users.map((u) => `  ${u.username.padEnd(14)} ${u.portal.padEnd(12)} ${u.roles.join(',')}${u.totpSecret ? `  TOTP secret ${u.totpSecret} (npx xinrong totp ${u.username})` : ''}`),
  ];
  return lines.join('\n');
}
