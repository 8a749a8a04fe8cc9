import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { blindIndex } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, decodeCursor, encodeCursor, notFound, type Principal } from '../../platform/http/index.ts';
import { OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { maskIdNumber, maskMobile, maskPersonName } from '../consent/index.ts';
import {
  fenToYuan, isIndustryError, isSizeClassError, parseIndustryCode, parseYuanToFen, regionByCode, regionSubtreePrefix,
  sizeClassOf, validateIdNumber, validateUscc, type SizeClassResult,
} from './codes/index.ts';
import type { EntityInput, EntityPatch, EntitySearch } from './schemas.ts';
import { entityRowFromJson, entityRowJsonSql, entityStore, type EntityRow } from './store.ts';

/** The legal representative's personal data, stored as one encrypted JSON value. */
interface LegalRepSecret {
  name: string;
  idNumber: string;
  mobile: string | null;
}

/** Binds the ciphertext to its column so a value cannot be swapped into another encrypted column. */
const LEGAL_REP_AAD = 'entities.legal_rep_enc';

function legalRepOf(row: EntityRow, keys: PlatformKeys): LegalRepSecret | null {
  return row.legal_rep_enc === null ? null : (JSON.parse(keys.cipher.decrypt(row.legal_rep_enc, LEGAL_REP_AAD)) as LegalRepSecret);
}

const entityNotFound = (uscc: string) => notFound('ENTITY_NOT_FOUND', { zh: `未找到统一社会信用代码为 ${uscc} 的市场主体`, en: `No market entity with USCC ${uscc}` });

/** Business fields an institution sees only with the enterprise's authorisation (SPEC §C4 level L2). */
const RESTRICTED_FIELDS = ['employees', 'revenue', 'assets'] as const;

export function usccError(code: string): AppError | null {
  const r = validateUscc(code);
  if (r.valid) return null;
  return badRequest('USCC_INVALID', { zh: r.error.message, en: r.error.messageEn }, { field: 'uscc', error: r.error });
}

function fen(yuan: string | null | undefined, field: string): string | null {
  if (yuan === null || yuan === undefined) return null;
  const v = parseYuanToFen(yuan);
  if (v === undefined) throw badRequest('AMOUNT_INVALID', { zh: `${field} 金额格式错误`, en: `${field} is not a valid yuan amount` }, { field });
  return v.toString();
}

const yuanOf = (fenText: string | null) => (fenText === null ? null : fenToYuan(BigInt(fenText)));

/** Validates every field of an entity and computes its size class (SPEC §C1). */
export function normaliseEntity(input: EntityInput, keys: PlatformKeys): { values: (string | number | null | string[])[]; size: SizeClassResult } {
  const uErr = usccError(input.uscc);
  if (uErr) throw uErr;
  const region = regionByCode(input.regionCode);
  if (!region) throw badRequest('REGION_UNKNOWN', { zh: `行政区划代码 ${input.regionCode} 不存在`, en: `Unknown region code ${input.regionCode}` }, { field: 'regionCode' });
  const industry = parseIndustryCode(input.industryCode);
  if (isIndustryError(industry)) throw badRequest(industry.error.code, { zh: industry.error.message, en: industry.error.messageEn }, { field: 'industryCode' });
  if (input.establishedOn && (Number.isNaN(Date.parse(input.establishedOn)) || input.establishedOn > new Date().toISOString().slice(0, 10))) {
    throw badRequest('DATE_INVALID', { zh: '成立日期无效或晚于今天', en: 'The establishment date is invalid or in the future' }, { field: 'establishedOn' });
  }
  const rep = input.legalRep;
  if (rep?.idType === 'RESIDENT_ID') {
    const r = validateIdNumber(rep.idNumber);
    if (!r.valid) throw badRequest('ID_NUMBER_INVALID', { zh: r.error.message, en: r.error.messageEn }, { field: 'legalRep.idNumber', error: r.error });
  }
  const outcome = sizeClassOf({ industryCode: industry.code, employees: input.employees ?? null, revenue: input.revenue ?? null, assets: input.assets ?? null });
  if (isSizeClassError(outcome)) throw badRequest(outcome.error.code, { zh: outcome.error.message, en: outcome.error.messageEn });
  const values = [
    input.uscc, input.name.trim(), input.entityType, input.registrationAuthority.trim(), input.regionCode, industry.code,
    fen(input.registeredCapital, 'registeredCapital'), input.establishedOn ?? null,
    rep ? keys.cipher.encrypt(JSON.stringify({ name: rep.name, idNumber: rep.idNumber, mobile: rep.mobile ?? null } satisfies LegalRepSecret), LEGAL_REP_AAD) : null,
    rep?.idType ?? null, rep ? blindIndex(keys.indexKey, rep.idNumber) : null,
    input.status ?? 'active', input.employees ?? null, fen(input.revenue, 'revenue'), fen(input.assets, 'assets'),
    outcome.sizeClass, outcome.rule, outcome.ruleEn, outcome.tableVersion, outcome.missing,
  ];
  return { values, size: outcome };
}

export function createEntityService(db: Db, keys: PlatformKeys) {
  const store = entityStore(db);

  function summary(row: EntityRow) {
    const industry = parseIndustryCode(row.industry_code);
    return {
      uscc: row.uscc,
      name: row.name,
      entityType: row.entity_type as EntityInput['entityType'],
      regionCode: row.region_code,
      regionName: regionByCode(row.region_code)?.fullName ?? row.region_code,
      industryCode: row.industry_code,
      industryName: isIndustryError(industry) ? row.industry_code : industry.name,
      sizeClass: row.size_class as SizeClassResult['sizeClass'],
      status: row.status as NonNullable<EntityInput['status']>,
      establishedOn: row.established_on,
    };
  }

  /**
   * The subject enterprise sees everything in clear (信息主体免费查询). Operators see business fields but personal
   * data masked; institutions see the public registry with personal data masked and business fields withheld.
   */
  function detail(row: EntityRow, viewer: Principal) {
    const isSubject = viewer.orgKind === 'enterprise' && viewer.uscc === row.uscc;
    const isOperator = viewer.roles.some((r) => OPERATOR_ROLES.includes(r));
    const rep = legalRepOf(row, keys);
    const name = rep?.name ?? null;
    const id = rep?.idNumber ?? null;
    const mobile = rep?.mobile ?? null;
    const showBusiness = isSubject || isOperator;
    return {
      ...summary(row),
      registrationAuthority: row.registration_authority,
      registeredCapital: yuanOf(row.registered_capital_fen),
      legalRep: {
        name: name === null ? null : isSubject ? name : maskPersonName(name),
        idType: row.legal_rep_id_type,
        idNumber: id === null ? null : isSubject ? id : maskIdNumber(id),
        mobile: mobile === null ? null : isSubject ? mobile : maskMobile(mobile),
        masked: !isSubject,
      },
      employees: showBusiness ? row.employees : null,
      revenue: showBusiness ? yuanOf(row.revenue_fen) : null,
      assets: showBusiness ? yuanOf(row.assets_fen) : null,
      restricted: showBusiness ? [] : [...RESTRICTED_FIELDS],
      size: { sizeClass: row.size_class as SizeClassResult['sizeClass'], rule: row.size_rule, ruleEn: row.size_rule_en, tableVersion: row.size_table_version, missing: row.size_missing },
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async function mustGet(uscc: string): Promise<EntityRow> {
    const err = usccError(uscc);
    if (err) throw err;
    const row = await store.byUscc(uscc);
    if (!row) throw entityNotFound(uscc);
    return row;
  }

  function inputOf(row: EntityRow): EntityInput {
    const rep = legalRepOf(row, keys);
    return {
      uscc: row.uscc, name: row.name, entityType: row.entity_type as EntityInput['entityType'], registrationAuthority: row.registration_authority,
      regionCode: row.region_code, industryCode: row.industry_code, registeredCapital: yuanOf(row.registered_capital_fen),
      establishedOn: row.established_on,
      legalRep: rep && row.legal_rep_id_type
        ? { name: rep.name, idType: row.legal_rep_id_type as NonNullable<EntityInput['legalRep']>['idType'], idNumber: rep.idNumber, mobile: rep.mobile }
        : undefined,
      status: row.status as EntityInput['status'], employees: row.employees, revenue: yuanOf(row.revenue_fen), assets: yuanOf(row.assets_fen),
    };
  }

  return {
    store,
    summary,
    detail,

    async get(uscc: string, viewer: Principal) {
      return detail(await mustGet(uscc), viewer);
    },

    /**
     * `get` as a part of another module's one-statement read: `sql` yields the row as JSON for the USCC placeholder,
     * `open` answers as `get` does (USCC_* for a malformed code, ENTITY_NOT_FOUND for none) from what it yielded.
     */
    registryPart: {
      sql: entityRowJsonSql,
      open(uscc: string, json: unknown, viewer: Principal) {
        const err = usccError(uscc);
        if (err) throw err;
        if (json === null || json === undefined) throw entityNotFound(uscc);
        return detail(entityRowFromJson(json as Parameters<typeof entityRowFromJson>[0]), viewer);
      },
    },

    /**
     * 实名认证 against the registry: whether a person is the entity's registered legal representative (name and ID
     * number both as registered). Answers no registry values, only the outcome, and the entity's name and region.
     */
    async verifyLegalRep(uscc: string, name: string, idNumber: string): Promise<
      | { outcome: 'match'; entity: { name: string; regionCode: string; status: string } }
      | { outcome: 'mismatch' } | { outcome: 'no_entity' } | { outcome: 'not_active' }
    > {
      const row = await store.byUscc(uscc);
      if (!row) return { outcome: 'no_entity' };
      if (row.status !== 'active') return { outcome: 'not_active' };
      const rep = legalRepOf(row, keys);
      const typedId = idNumber.trim().toUpperCase();
      const sameId = rep !== null && row.legal_rep_id_index !== null && timingSafeEqual(Buffer.from(blindIndex(keys.indexKey, typedId)), Buffer.from(row.legal_rep_id_index.trim()));
      const sameName = rep !== null && rep.name.normalize('NFKC').replace(/\s/g, '') === name.normalize('NFKC').replace(/\s/g, '');
      return sameId && sameName ? { outcome: 'match', entity: { name: row.name, regionCode: row.region_code, status: row.status } } : { outcome: 'mismatch' };
    },

    async search(query: EntitySearch) {
      const limit = query.limit ?? 20;
      const after = decodeCursor(query.cursor, 1);
      let regionPrefix: string | undefined;
      if (query.region) {
        regionPrefix = regionSubtreePrefix(query.region);
        if (!regionPrefix) throw badRequest('REGION_UNKNOWN', { zh: `行政区划代码 ${query.region} 不存在`, en: `Unknown region code ${query.region}` });
      }
      let industryPrefix: string | undefined;
      if (query.industry) {
        const ind = parseIndustryCode(query.industry);
        if (isIndustryError(ind)) throw badRequest(ind.error.code, { zh: ind.error.message, en: ind.error.messageEn });
        industryPrefix = ind.code;
      }
      const rows = await store.search({
        namePrefix: query.q?.trim() || undefined, uscc: query.uscc, regionPrefix, industryPrefix,
        size: query.size, status: query.status, type: query.type, afterUscc: after ? String(after[0]) : undefined, limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { items: page.map(summary), nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].uscc]) : null };
    },

    async create(input: EntityInput, viewer: Principal) {
      const { values } = normaliseEntity(input, keys);
      if (await store.byUscc(input.uscc)) throw conflict('ENTITY_EXISTS', { zh: `市场主体 ${input.uscc} 已存在`, en: `Market entity ${input.uscc} already exists` });
      await store.insert(values);
      return detail(await mustGet(input.uscc), viewer);
    },

    /** Applies a partial change; the size class is recomputed from the merged inputs (SPEC §C1). */
    async update(uscc: string, patch: EntityPatch, viewer: Principal) {
      const row = await mustGet(uscc);
      const merged: EntityInput = { ...inputOf(row), ...patch, uscc } as EntityInput;
      const { values } = normaliseEntity(merged, keys);
      if (!(await store.update(uscc, row.version, values))) {
        throw conflict('ENTITY_CHANGED', { zh: '该市场主体已被他人修改，请刷新后重试', en: 'The entity was changed by someone else; reload and retry' });
      }
      return detail(await mustGet(uscc), viewer);
    },

    async remove(uscc: string): Promise<void> {
      await mustGet(uscc);
      await store.delete(uscc);
    },

    count: () => store.count(),
  };
}

export type EntityService = ReturnType<typeof createEntityService>;
