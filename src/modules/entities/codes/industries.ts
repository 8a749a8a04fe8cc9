/**
 * 国民经济行业分类 — industry classification, GB/T 4754-2017.
 * Codes: section (门类) letter A–T; division (大类) 2 digits; group (中类) 3 digits; class (小类) 4 digits.
 * Data: src/data/industries-gb4754-2017.json (all sections and divisions; groups and classes of selected
 * divisions, each division flagged `classesComplete`).
 */
import { readFileSync } from 'node:fs';
import type { ValueError } from './code-error.ts';

export type IndustryLevel = 'section' | 'division' | 'group' | 'class';

export interface Industry {
  /** Canonical code: section letter plus the digits, e.g. 'C', 'C13', 'C131', 'C1311'. */
  code: string;
  level: IndustryLevel;
  section: string;
  division?: string;
  group?: string;
  class?: string;
  /** Name of the code itself, or of its nearest listed ancestor when `exact` is false. */
  name: string;
  nameEn: string;
  /**
   * False for a well-formed group/class code of a division whose groups and classes are not bundled:
   * the code is accepted (it may well be real) and named after its nearest listed ancestor.
   */
  exact: boolean;
}

export interface IndustryCodeError {
  error: ValueError;
}

interface Named {
  code: string;
  name: string;
  nameEn: string;
}
interface IndustryData {
  version: string;
  sections: (Named & { divisions: [string, string] })[];
  divisions: (Named & { classesComplete: boolean })[];
  groups: Named[];
  classes: Named[];
}

const data = JSON.parse(
  readFileSync(new URL('../../../data/industries-gb4754-2017.json', import.meta.url), 'utf8'),
) as IndustryData;

export const industryTableVersion: string = data.version;

const sections = new Map(data.sections.map((s) => [s.code, s]));
const divisions = new Map(data.divisions.map((d) => [d.code, d]));
const groups = new Map(data.groups.map((g) => [g.code, g]));
const classes = new Map(data.classes.map((c) => [c.code, c]));
const sectionOfDivision = new Map<string, string>();
for (const s of data.sections) {
  for (let n = Number(s.divisions[0]); n <= Number(s.divisions[1]); n++) sectionOfDivision.set(String(n).padStart(2, '0'), s.code);
}

function fail(code: string, message: string, messageEn: string): IndustryCodeError {
  return { error: { code, message, messageEn } };
}

export function isIndustryError(x: Industry | IndustryCodeError): x is IndustryCodeError {
  return 'error' in x;
}

function build(section: string, digits: string, exact: boolean, named: Named): Industry {
  const level: IndustryLevel = digits.length === 0 ? 'section' : digits.length === 2 ? 'division' : digits.length === 3 ? 'group' : 'class';
  const out: Industry = { code: section + digits, level, section, name: named.name, nameEn: named.nameEn, exact };
  if (digits.length >= 2) out.division = digits.slice(0, 2);
  if (digits.length >= 3) out.group = digits.slice(0, 3);
  if (digits.length === 4) out.class = digits;
  return out;
}

/**
 * Parse 'C', 'C13', 'C131', 'C1311' (the digits must belong to that section) or bare '13', '131', '1311'
 * (section inferred). Unknown divisions, and groups/classes missing from a fully listed division, are
 * rejected with INDUSTRY_UNKNOWN.
 */
export function parseIndustryCode(input: string): Industry | IndustryCodeError {
  const m = /^([A-Z])?(\d{2}|\d{3}|\d{4})?$/.exec(input);
  if (input === '' || !m) {
    const hint = /^[a-z]/.test(input) ? { zh: '；门类字母须大写', en: '; the section letter must be uppercase' } : { zh: '', en: '' };
    return fail(
      'INDUSTRY_FORMAT',
      `行业代码 "${input}" 格式无效：应为门类字母加 2–4 位数字（如 C、C13、C1311）或 2–4 位数字${hint.zh}`,
      `Industry code "${input}" is malformed: expected a section letter and/or 2–4 digits (e.g. C, C13, C1311)${hint.en}`,
    );
  }
  const letter = m[1];
  const digits = m[2] ?? '';
  if (digits === '') {
    const s = sections.get(letter);
    if (!s) return fail('INDUSTRY_UNKNOWN', `行业门类 ${letter} 不存在（GB/T 4754-2017 门类为 A–T）`, `Industry section ${letter} does not exist (GB/T 4754-2017 sections are A–T)`);
    return build(letter, '', true, s);
  }
  const divisionCode = digits.slice(0, 2);
  const division = divisions.get(divisionCode);
  const section = sectionOfDivision.get(divisionCode);
  if (!division || !section) {
    return fail('INDUSTRY_UNKNOWN', `行业大类 ${divisionCode} 不存在（GB/T 4754-2017 大类为 01–97）`, `Industry division ${divisionCode} does not exist (GB/T 4754-2017 divisions are 01–97)`);
  }
  if (letter !== undefined && letter !== section) {
    return fail(
      'INDUSTRY_SECTION_MISMATCH',
      `行业代码 ${input}：大类 ${divisionCode}（${division.name}）属于门类 ${section}，不属于门类 ${letter}`,
      `Industry code ${input}: division ${divisionCode} (${division.nameEn}) belongs to section ${section}, not ${letter}`,
    );
  }
  if (digits.length === 2) return build(section, digits, true, division);
  // GB/T 4754-2017 §4: group digits run 1–9 within a division (a class digit of 0 marks a single-class group).
  if (digits[2] === '0') {
    return fail('INDUSTRY_UNKNOWN', `行业中类 ${digits.slice(0, 3)} 不存在：中类代码第3位不为 0`, `Industry group ${digits.slice(0, 3)} does not exist: the third digit of a group is never 0`);
  }
  const group = groups.get(digits.slice(0, 3));
  const cls = digits.length === 4 ? classes.get(digits) : undefined;
  const found = digits.length === 3 ? group : cls;
  if (found) return build(section, digits, true, found);
  if (division.classesComplete) {
    const what = digits.length === 3 ? { zh: '中类', en: 'group' } : { zh: '小类', en: 'class' };
    return fail(
      'INDUSTRY_UNKNOWN',
      `行业${what.zh} ${digits} 不存在于大类 ${divisionCode}（${division.name}）`,
      `Industry ${what.en} ${digits} does not exist in division ${divisionCode} (${division.nameEn})`,
    );
  }
  return build(section, digits, false, group ?? division);
}

function entry(section: string, digits: string, named: Named): Industry {
  return build(section, digits, true, named);
}

/** Every bundled code in hierarchical order (section, its divisions, each division's groups and classes). */
const ordered: readonly Industry[] = (() => {
  const out: Industry[] = [];
  const groupsOf = (division: string) => data.groups.filter((g) => g.code.startsWith(division));
  const classesOf = (group: string) => data.classes.filter((c) => c.code.startsWith(group));
  for (const s of data.sections) {
    out.push(entry(s.code, '', s));
    for (const d of data.divisions.filter((x) => sectionOfDivision.get(x.code) === s.code)) {
      out.push(entry(s.code, d.code, d));
      for (const g of groupsOf(d.code)) {
        out.push(entry(s.code, g.code, g));
        for (const c of classesOf(g.code)) out.push(entry(s.code, c.code, c));
      }
    }
  }
  return out;
})();

/** Bundled codes of one level, or of every level in hierarchical order when `level` is omitted. */
export function listIndustries(level?: IndustryLevel): Industry[] {
  return ordered.filter((x) => level === undefined || x.level === level).map((x) => ({ ...x }));
}

/**
 * The next level down from a parsed code, and whether that list is the standard's full list
 * (always for sections; for divisions/groups only when the division is flagged complete).
 */
export function industryChildren(industry: Industry): { children: Industry[]; complete: boolean } {
  if (industry.level === 'class') return { children: [], complete: true };
  if (industry.level === 'section') {
    return { children: listIndustries('division').filter((d) => d.section === industry.section), complete: true };
  }
  const digits = industry.code.slice(1);
  const complete = divisions.get(digits.slice(0, 2))?.classesComplete ?? false;
  const pool = industry.level === 'division' ? data.groups : data.classes;
  const children = pool.filter((x) => x.code.startsWith(digits)).map((x) => entry(industry.section, x.code, x));
  return { children, complete };
}
