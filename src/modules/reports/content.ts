/**
 * 标准化信用信息报告 — assembling a report's content from current data (SPEC §C16). Pure: the service gathers the
 * inputs (registry, catalog, the policy point's decisions, records, evaluation, counts) and this file decides what
 * the report shows and how it is masked, so the rules are tested without a database.
 */
import type { CatalogDocument, CatalogItem } from '../catalog/index.ts';
import { DEFAULT_MASKING, maskRecord, type Access, type MaskingRule, type ReaderKind } from '../consent/index.ts';
import type { ReportContent, ReportVersionT } from './schemas.ts';

/** A record as the aggregation service answers it (personal fields in clear; masked here for the reader). */
export interface SourceRecord {
  key: string;
  version: number;
  validFrom: string;
  data: Record<string, unknown>;
  objection?: { id: string; state: string; filedAt: string } | null;
}

/** What the policy point allowed for one item. */
export interface Allowed { access: Access; authorisationId: string | null }

export interface RegistryFacts {
  uscc: string;
  name: string;
  entityType: string;
  status: string;
  regionCode: string;
  regionName: string;
  industryCode: string;
  industryName: string;
  establishedOn: string | null;
  registrationAuthority: string;
  registeredCapital: string | null;
  legalRep: { name: string | null; idNumber: string | null; masked: boolean };
  size: { sizeClass: string; rule: string };
  employees: number | null;
  revenue: string | null;
  assets: string | null;
}

export interface EvaluationFacts {
  score: number;
  grade: string;
  modelVersion: number;
  computedAt: Date | string;
  reasons: readonly { code: string; direction: string; zh: string; en: string }[];
  tags: readonly { tag: string; zh: string; en: string }[];
}

export interface AssembleInput {
  number: string;
  generatedAt: Date;
  node: { name: string; regionCode: string };
  requester: { orgName: string; orgKind: string };
  purpose: string | null;
  categories: CatalogDocument['categories'];
  allowed: ReadonlyMap<string, Allowed>;
  records: ReadonlyMap<string, readonly SourceRecord[]>;
  registry: RegistryFacts;
  evaluation: EvaluationFacts | null;
  withheld: Partial<Record<'repaired' | 'expired' | 'deleted', number>>;
  /** an operator stated a reason (personal fields in clear for operators, as consent's data read does) */
  reasonGiven?: boolean;
  masking?: Readonly<Record<ReaderKind, MaskingRule>>;
}

const READER_OF: Record<Access, ReaderKind> = { public: 'institution', authorised: 'institution', subject: 'subject', operator: 'operator' };

/** Which version a set of allowed items makes: an institution with at least one authorised item gets the authorised one. */
export function versionOf(orgKind: string, allowed: ReadonlyMap<string, Allowed>): ReportVersionT {
  if (orgKind === 'enterprise') return 'subject';
  if (orgKind === 'operator') return 'operator';
  for (const a of allowed.values()) if (a.access === 'authorised') return 'authorised';
  return 'public';
}

function itemSection(item: CatalogItem, allowed: Allowed, records: readonly SourceRecord[], rule: MaskingRule, reasonGiven: boolean) {
  const shown = records.map((r) => {
    const m = maskRecord(item, r.data, rule, { reasonGiven });
    // Empty fields say nothing to a reader: a report lists the values a record has.
    const data = Object.fromEntries(Object.entries(m.data).filter(([, v]) => v !== null && v !== ''));
    return {
      key: r.key, version: r.version, validFrom: r.validFrom, data, masked: m.masked,
      objection: r.objection ? { state: r.objection.state, filedAt: r.objection.filedAt } : null,
    };
  });
  let latest: string | null = null;
  for (const r of shown) if (latest === null || r.validFrom > latest) latest = r.validFrom;
  return {
    code: item.code, name: item.name, nameEn: item.nameEn, level: item.level, provider: item.provider.name, sharingMode: item.sharingMode,
    updateFrequency: item.updateFrequency, access: allowed.access, authorisationId: allowed.authorisationId, latestValidFrom: latest,
    // names of the fields the shown records carry (the catalog holds the rest; a report repeats only what it uses)
    fields: item.fields.filter((f) => shown.some((r) => f.code in r.data)).map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn })),
    records: shown,
  };
}

/** What a report says about the enterprise; the rest (number, time, reader, purpose, version) is its header. */
export type ReportBody = Pick<ReportContent, 'registry' | 'evaluation' | 'sections' | 'objectionsInProgress' | 'withheld' | 'notIncluded'>;
export type ReportHeader = Omit<ReportContent, keyof ReportBody>;

/** The report content: registry facts, then the catalog's categories in order with the allowed items only. */
export function assembleReport(input: AssembleInput): ReportContent {
  return { ...reportHeader(input), ...reportBody(input) };
}

export function reportHeader(input: Pick<AssembleInput, 'number' | 'generatedAt' | 'node' | 'requester' | 'purpose' | 'allowed'>): ReportHeader {
  return {
    format: 'xinrong-credit-report/v1',
    number: input.number,
    version: versionOf(input.requester.orgKind, input.allowed),
    generatedAt: input.generatedAt.toISOString(),
    node: input.node,
    requester: input.requester,
    purpose: input.purpose,
  };
}

/** The body depends only on the data, the allowed items and the reader's masking — never on who asked when. */
export function reportBody(input: Omit<AssembleInput, 'number' | 'generatedAt' | 'node' | 'requester' | 'purpose'>): ReportBody {
  const masking = input.masking ?? DEFAULT_MASKING;
  const reasonGiven = input.reasonGiven ?? false;
  const sections: ReportContent['sections'] = [];
  const notIncluded: string[] = [];
  let objections = 0;
  for (const category of input.categories) {
    const items: ReportContent['sections'][number]['items'] = [];
    for (const item of category.items) {
      const allowed = input.allowed.get(item.code);
      if (!allowed) {
        notIncluded.push(item.code);
        continue;
      }
      const section = itemSection(item, allowed, input.records.get(item.code) ?? [], masking[READER_OF[allowed.access]], reasonGiven);
      objections += section.records.filter((r) => r.objection !== null).length;
      items.push(section);
    }
    if (items.length) sections.push({ code: category.code, name: category.name, nameEn: category.nameEn, items });
  }
  const r = input.registry;
  const w = { repaired: input.withheld.repaired ?? 0, expired: input.withheld.expired ?? 0, deleted: input.withheld.deleted ?? 0 };
  const e = input.evaluation;
  return {
    registry: {
      uscc: r.uscc, name: r.name, entityType: r.entityType, status: r.status, regionCode: r.regionCode, regionName: r.regionName,
      industryCode: r.industryCode, industryName: r.industryName, establishedOn: r.establishedOn, registrationAuthority: r.registrationAuthority,
      registeredCapital: r.registeredCapital, legalRepName: r.legalRep.name, legalRepIdNumber: r.legalRep.idNumber, legalRepMasked: r.legalRep.masked,
      sizeClass: r.size.sizeClass, sizeRule: r.size.rule, employees: r.employees, revenue: r.revenue, assets: r.assets,
    },
    evaluation: e && {
      score: e.score, grade: e.grade, modelVersion: e.modelVersion, computedAt: new Date(e.computedAt).toISOString(),
      reasons: e.reasons.map((x) => ({ code: x.code, direction: x.direction, zh: x.zh, en: x.en })),
      tags: e.tags.map((t) => ({ tag: t.tag, zh: t.zh, en: t.en })),
    },
    sections,
    objectionsInProgress: objections,
    withheld: { total: w.repaired + w.expired + w.deleted, ...w },
    notIncluded,
  };
}
