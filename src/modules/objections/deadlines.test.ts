import { describe, expect, it } from 'vitest';
import { daysLeft, deadlineRules, deadlinesOf, escalatesAt, isOverdue } from './deadlines.ts';
import { mayAppeal } from './service.ts';

const at = (iso: string) => new Date(iso).getTime();

describe('objection deadlines (calendar days, China time)', () => {
  // filed 2026-03-10 23:30 China time = 15:30 UTC: day 1 is 03-11, day 15 starts 03-25 00:00, day 20 ends 03-30 24:00
  const filed = new Date('2026-03-10T23:30:00+08:00');
  const d = deadlinesOf('record', filed);

  it('takes its numbers from the effective-dated data file', () => {
    const r = deadlineRules();
    expect([r.record.answerDays, r.record.escalateOnDay, r.platformConduct.answerDays, r.appealsAllowed]).toEqual([20, 15, 30, 1]);
  });

  it('escalates at exactly 00:00 of day 15 and not at 23:59 of day 14', () => {
    expect(d.escalateAt?.toISOString()).toBe(new Date('2026-03-25T00:00:00+08:00').toISOString());
    expect(escalatesAt(at('2026-03-24T23:59:59+08:00'), d.escalateAt)).toBe(false);
    expect(escalatesAt(at('2026-03-25T00:00:00+08:00'), d.escalateAt)).toBe(true);
  });

  it('counts days in China time even when the UTC date differs', () => {
    // 2026-03-10 23:30 China is still 2026-03-10 in UTC; 2026-03-11 00:30 China is 2026-03-10 16:30 UTC
    const nextDay = deadlinesOf('record', new Date('2026-03-11T00:30:00+08:00'));
    expect(nextDay.escalateAt?.toISOString()).toBe(new Date('2026-03-26T00:00:00+08:00').toISOString());
  });

  it('is overdue strictly after 24:00 of day 20, unanswered or answered late', () => {
    expect(d.dueAt.toISOString()).toBe(new Date('2026-03-31T00:00:00+08:00').toISOString());
    expect(isOverdue(at('2026-03-30T23:59:59+08:00'), d.dueAt, null)).toBe(false);
    expect(isOverdue(d.dueAt.getTime(), d.dueAt, null)).toBe(false);
    expect(isOverdue(d.dueAt.getTime() + 1, d.dueAt, null)).toBe(true);
    expect(isOverdue(at('2026-04-05T10:00:00+08:00'), d.dueAt, new Date('2026-03-30T10:00:00+08:00'))).toBe(false);
    expect(isOverdue(at('2026-04-05T10:00:00+08:00'), d.dueAt, new Date('2026-03-31T00:00:01+08:00'))).toBe(true);
  });

  it('counts down whole days to the due day', () => {
    expect(daysLeft(at('2026-03-11T09:00:00+08:00'), d.dueAt)).toBe(19);
    expect(daysLeft(at('2026-03-30T09:00:00+08:00'), d.dueAt)).toBe(0);
    expect(daysLeft(at('2026-03-31T09:00:00+08:00'), d.dueAt)).toBe(-1);
  });

  it('gives complaints about the platform 30 days and no escalation (the operator answers them)', () => {
    const c = deadlinesOf('platform_conduct', filed);
    expect(c.escalateAt).toBeNull();
    expect(c.dueAt.toISOString()).toBe(new Date('2026-04-10T00:00:00+08:00').toISOString());
  });
});

describe('appeals', () => {
  it('allows one appeal of a decided record objection and no second', () => {
    expect(mayAppeal({ type: 'record', state: 'decided', appealed_at: null }).ok).toBe(true);
    const second = mayAppeal({ type: 'record', state: 'closed', appealed_at: new Date() });
    expect(second).toMatchObject({ ok: false, code: 'OBJECTION_APPEAL_ONCE' });
    expect(mayAppeal({ type: 'record', state: 'open', appealed_at: null })).toMatchObject({ ok: false, code: 'OBJECTION_NOT_DECIDED' });
    expect(mayAppeal({ type: 'platform_conduct', state: 'decided', appealed_at: null })).toMatchObject({ ok: false, code: 'OBJECTION_APPEAL_NOT_APPLICABLE' });
  });
});
