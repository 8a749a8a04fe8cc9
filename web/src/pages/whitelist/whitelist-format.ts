/**
 * Pure helpers of the white-list screens: which text of a bilingual pair to show, how the server's refusal of a rule
 * set reads, how a rule parameter is edited, and how typed prefixes are checked. No React, no requests.
 */
import type { Bilingual } from '../../api/evaluation.ts';
import type { WhitelistRule } from '../../api/whitelist.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The text of a bilingual pair in the reader's language. */
export function textOf(text: Bilingual, language: string): string {
  return language === 'en' ? text.en : text.zh;
}

/** The fact shown beside a reason ('C3311', 'B+ (720)', '3.2' years, a date, a size class), worded for the reader. */
export function reasonFact(t: Translate, rule: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const shown = rule === 'sme_size' ? t(`sizeClass.${value}`, { defaultValue: value }) : value;
  return t(`whitelist.fact.${rule}`, { value: shown, defaultValue: shown });
}

/** One line per problem the server named, each prefixed with the rule it concerns (`/rules/3/enabled` → rule 3). */
export function ruleSetProblems(problem: Record<string, unknown>, rules: readonly WhitelistRule[], language: string): string[] {
  const lines: string[] = [];
  const colon = language === 'en' ? ': ' : '：';
  const ruleAt = (path: string): string | undefined => {
    const match = /^\/rules\/(\d+)/.exec(path);
    const rule = match === null ? undefined : rules[Number(match[1])];
    return rule === undefined ? undefined : `${textOf(rule, language)} (${rule.id})`;
  };
  // WHITELIST_RULES_INVALID: [{ path, zh, en }]
  if (Array.isArray(problem.problems)) {
    for (const p of problem.problems as { path?: string; zh?: string; en?: string }[]) {
      const text = (language === 'en' ? p.en : p.zh) ?? p.en ?? p.zh ?? '';
      const where = ruleAt(p.path ?? '');
      lines.push(where === undefined ? text : `${where}${colon}${text}`);
    }
  }
  // VALIDATION_FAILED (the request schema): [{ path, message }]
  if (Array.isArray(problem.errors)) {
    for (const e of problem.errors as { path?: string; message?: string }[]) {
      const where = ruleAt(e.path ?? '') ?? e.path;
      lines.push(where ? `${where}${colon}${e.message ?? ''}` : (e.message ?? ''));
    }
  }
  return lines;
}

export type ParamKind = 'list' | 'number' | 'boolean' | 'text' | 'json';

/** How a parameter is edited, from the value it holds now: string lists as tags, numbers as numbers, the rest as JSON. */
export function paramKind(value: unknown): ParamKind {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'list';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return 'json';
}

/** A parameter as shown in the rule table: lists joined, empty lists marked. */
export function formatParam(value: unknown, empty: string): string {
  if (Array.isArray(value)) return value.length === 0 ? empty : value.map(String).join(', ');
  if (value === null || value === undefined || value === '') return empty;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Typed prefixes, trimmed, upper-cased (industry letters), without blanks or repeats. */
export function normalisePrefixes(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const v = value.trim().toUpperCase();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** The values that do not match `shape` (shown back to the person who typed them). */
export function invalidPrefixes(values: readonly string[], shape: RegExp): string[] {
  return values.filter((v) => !shape.test(v));
}

/** How long a run took, worded for the reader ('320 毫秒', '12.5 秒'), or '' while it runs. */
export function runDuration(t: Translate, startedAt: string, finishedAt: string | null): string {
  if (finishedAt === null) return '';
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? t('whitelist.run.durationMs', { ms }) : t('whitelist.run.durationS', { seconds: (ms / 1000).toFixed(1) });
}
