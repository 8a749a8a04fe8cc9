import { Descriptions, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { APPLICATION_PATHS, type Application, type TimelineEntry, type WorkflowOptions } from '../../api/applications.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { bpToPercent, fenToYuanText } from '../marketplace/money.ts';
import { codeName, textOf } from '../marketplace/shared.tsx';

export function useWorkflowOptions() {
  return useApi<WorkflowOptions>(APPLICATION_PATHS.options);
}

export const STATUS_COLOURS: Record<string, string> = {
  submitted: 'blue', accepted: 'cyan', approved: 'green', declined: 'red', withdrawn: 'default', disbursed: 'purple', repaying: 'geekblue', closed: 'success', defaulted: 'volcano',
};

export function StatusTag({ a }: { a: Pick<Application, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLOURS[a.status] ?? 'default'} data-testid="application-status" data-status={a.status}>{textOf(a.statusLabel)}</Tag>;
}

export const yuan = (fen: string) => fenToYuanText(fen);

/** A due time is 24:00 of its last working day: shown as that day, "24:00", not as 00:00 of the next. */
export function dueText(iso: string | null): string {
  if (iso === null) return '—';
  return `${formatTimestamp(new Date(Date.parse(iso) - 1).toISOString()).slice(0, 10)} 24:00`;
}

/** The SLA state of a submitted application: working days left, or overdue. */
export function DueTag({ a }: { a: Application }) {
  const { t } = useTranslation();
  if (a.status !== 'submitted' || a.dueAt === null) return null;
  if (a.overdue) return <Tag color="red" data-testid="overdue">{t('applications.overdue')}</Tag>;
  return <Tag color={a.workingDaysLeft !== null && a.workingDaysLeft <= 1 ? 'orange' : 'blue'} data-testid="days-left">{t('applications.daysLeft', { count: a.workingDaysLeft ?? 0 })}</Tag>;
}

/** The facts of an application: request, terms, disbursement, repayment. */
export function ApplicationFacts({ a, options }: { a: Application; options: WorkflowOptions | undefined }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={2} bordered data-testid="application-facts">
      <Descriptions.Item label={t('applications.enterprise')}>{a.enterpriseName ?? a.uscc}</Descriptions.Item>
      <Descriptions.Item label={t('applications.institution')}>{a.institution.name}</Descriptions.Item>
      <Descriptions.Item label={t('applications.product')}>{a.product?.name ?? (a.origin === 'take' ? t('applications.takenDemand') : '—')}</Descriptions.Item>
      <Descriptions.Item label={t('applications.status')}><StatusTag a={a} /> <DueTag a={a} /></Descriptions.Item>
      <Descriptions.Item label={t('applications.amount')}>{t('applications.yuan', { value: yuan(a.amountFen) })}</Descriptions.Item>
      <Descriptions.Item label={t('applications.term')}>{t('applications.months', { count: a.termMonths })}</Descriptions.Item>
      <Descriptions.Item label={t('applications.submittedAt')}>{formatTimestamp(a.submittedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('applications.dueAt')}>{dueText(a.dueAt)}</Descriptions.Item>
      {a.materials.length > 0 && <Descriptions.Item label={t('applications.materials')} span={2}>{a.materials.map((m) => <Tag key={m}>{m}</Tag>)}</Descriptions.Item>}
      {a.decline && <Descriptions.Item label={t('applications.declineReason')} span={2}>{textOf(a.decline)}</Descriptions.Item>}
      {a.terms && (
        <Descriptions.Item label={t('applications.terms')} span={2}>
          <span data-testid="terms">{t('applications.yuan', { value: yuan(a.terms.amountFen) })} · {bpToPercent(a.terms.rateBp)}% · {t('applications.months', { count: a.terms.termMonths })} · {codeName(options?.securities, a.terms.security ?? '')}</span>
        </Descriptions.Item>
      )}
      {a.disbursement && (
        <Descriptions.Item label={t('applications.disbursement')} span={2}>
          <span data-testid="disbursement">{t('applications.yuan', { value: yuan(a.disbursement.amountFen) })} · {bpToPercent(a.disbursement.rateBp)}% · {t('applications.months', { count: a.disbursement.termMonths })} · {codeName(options?.securities, a.disbursement.security)} · {a.disbursement.disbursedOn}</span>
        </Descriptions.Item>
      )}
      {a.repayment && (
        <Descriptions.Item label={t('applications.repayment')} span={2}>
          {codeName(options?.repaymentStatuses, a.repayment.status)}{a.repayment.overdueDays > 0 ? ` · ${t('applications.overdueDays', { count: a.repayment.overdueDays })}` : ''}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The timeline (every transition, who and when) — the same list for the enterprise, the institution and operators. */
export function ApplicationTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <Empty />;
  return (
    <Timeline
      data-testid="application-timeline"
      items={entries.map((e) => ({
        color: e.action === 'escalate' ? 'red' : e.action === 'decline' ? 'red' : 'blue',
        content: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Typography.Text strong>{textOf(e.label)}</Typography.Text>
            <Typography.Text type="secondary"> · {formatTimestamp(e.at)} · {e.actor}</Typography.Text>
            {typeof e.payload.zh === 'string' && <div><Typography.Text type="secondary">{textOf(e.payload as { zh: string; en: string })}</Typography.Text></div>}
          </div>
        ),
      }))}
    />
  );
}
