/**
 * Objection deadlines (rules/objections.md, SPEC §4.5) in calendar days counted in China time: day 1 is the day after
 * filing, a period ends at 24:00 of its last day. The numbers (20 / 15 / 30) are data: src/data/objections/deadlines-v1.json.
 */
import { readFileSync } from 'node:fs';

export type ObjectionType = 'record' | 'platform_conduct';

export interface DeadlineRules {
  version: string;
  effectiveFrom: string;
  timeZone: string;
  record: { answerDays: number; escalateOnDay: number | null };
  platformConduct: { answerDays: number; escalateOnDay: number | null };
  appealsAllowed: number;
  reasonMinChars: number;
  evidence: { maxFiles: number; maxBytes: number; contentTypes: string[] };
}

let cached: DeadlineRules | undefined;
export function deadlineRules(): DeadlineRules {
  cached ??= JSON.parse(readFileSync(new URL('../../data/objections/deadlines-v1.json', import.meta.url), 'utf8')) as DeadlineRules;
  return cached;
}

const DAY_MS = 86_400_000;

/** "+08:00" → milliseconds east of UTC. */
export function offsetMs(zone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!m) throw new Error(`time zone offset ${zone} is not ±HH:MM`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The instant the local day containing `ms` began (China has no daylight saving: a fixed offset is exact). */
export function localDayStart(ms: number, offset: number): number {
  return Math.floor((ms + offset) / DAY_MS) * DAY_MS - offset;
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(ms: number, offset: number): string {
  return new Date(ms + offset).toISOString().slice(0, 10);
}

export interface Deadlines {
  /** 00:00 of day `escalateOnDay` after filing; null when the type does not escalate (already with the operator) */
  escalateAt: Date | null;
  /** 24:00 of the last answer day: the case is overdue strictly after it */
  dueAt: Date;
}

/** When a case filed at `filedAt` escalates and when its answer is due. */
export function deadlinesOf(type: ObjectionType, filedAt: Date, rules: DeadlineRules = deadlineRules()): Deadlines {
  const offset = offsetMs(rules.timeZone);
  const start = localDayStart(filedAt.getTime(), offset);
  const r = type === 'record' ? rules.record : rules.platformConduct;
  return {
    escalateAt: r.escalateOnDay === null ? null : new Date(start + r.escalateOnDay * DAY_MS),
    dueAt: new Date(start + (r.answerDays + 1) * DAY_MS),
  };
}

/** Whether an undecided case must escalate now. */
export const escalatesAt = (now: number, escalateAt: Date | null): boolean => escalateAt !== null && now >= escalateAt.getTime();

/** Overdue: still unanswered strictly after the due time, or answered after it. */
export function isOverdue(now: number, dueAt: Date, decidedAt: Date | null): boolean {
  return (decidedAt ?? new Date(now)).getTime() > dueAt.getTime();
}

/** Whole calendar days left until the due time (0 on the last day, negative when overdue) — the countdown shown. */
export function daysLeft(now: number, dueAt: Date, rules: DeadlineRules = deadlineRules()): number {
  const offset = offsetMs(rules.timeZone);
  const lastDay = localDayStart(dueAt.getTime() - 1, offset);
  return Math.round((lastDay - localDayStart(now, offset)) / DAY_MS);
}
