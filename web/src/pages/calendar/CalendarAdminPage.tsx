import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, InputNumber, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ProblemError } from '../../api/problem-request.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { calendarPath, parseYearJson, saveCalendarYear, type CalendarYear, type DayKind } from './calendar-api.ts';

const COLOURS: Record<DayKind, { background: string; color: string }> = {
  weekday: { background: '#ffffff', color: '#1f1f1f' },
  weekend: { background: '#f0f0f0', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  adjusted_workday: { background: '#e6f4ff', color: '#0958d9' },
};

/** 工作日历 (operators): a year day by day, what it is made of, its versions; op_admin loads or replaces the year. */
export default function CalendarAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes('op_admin');
  const [year, setYear] = useState(() => new Date().getFullYear());
  const view = useApi<CalendarYear>(calendarPath(year));
  const [editing, setEditing] = useState(false);
  const data = view.data?.year === year ? view.data : undefined;

  return (
    <div className="xr-stack" data-testid="calendar-page">
      <Typography.Title level={3} className="xr-portal-title">{t('calendar.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('calendar.year')}</span>
        <InputNumber<number> min={2000} max={2100} value={year} onChange={(v) => { if (v !== null) { setYear(v); setEditing(false); } }} data-testid="calendar-year" />
        {admin && data !== undefined && !editing && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="calendar-edit">{t('calendar.editor.open')}</Button>
        )}
      </Space>
      {view.error !== undefined && <ProblemAlert error={view.error} testId="calendar-error" />}
      {data === undefined && view.error === undefined && <Skeleton active paragraph={{ rows: 8 }} />}
      {data !== undefined && (
        <>
          {!data.covered && <Alert type="warning" showIcon title={t('calendar.notCovered', { year })} data-testid="calendar-not-covered" />}
          {editing && <YearEditor data={data} onDone={(saved) => { setEditing(false); if (saved) view.reload(); }} />}
          <Card data-testid="calendar-year-view" data-year={year} data-covered={String(data.covered)}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'source', label: t('calendar.source'),
                  children: <span data-testid="calendar-source">{data.source === 'stored' ? t('calendar.sourceStored', { version: data.version }) : data.source === 'file' ? t('calendar.sourceFile') : t('calendar.sourceNone')}</span>,
                },
                {
                  key: 'legend', label: '',
                  children: (
                    <Space wrap size={4}>
                      {(['weekday', 'weekend', 'holiday', 'adjusted_workday'] as const).map((k) => (
                        <Tag key={k} style={{ background: COLOURS[k].background, color: COLOURS[k].color }}>
                          {t({ weekday: 'calendar.legendWorkday', weekend: 'calendar.legendWeekend', holiday: 'calendar.legendHoliday', adjusted_workday: 'calendar.legendAdjusted' }[k])}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
            <div className="xr-calendar-months" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 16, marginTop: 12 }}>
              {Array.from({ length: 12 }, (_, m) => <MonthGrid key={m} month={m + 1} days={data.days.filter((d) => Number(d.day.slice(5, 7)) === m + 1)} />)}
            </div>
          </Card>
          <Card title={t('calendar.holidays')} size="small">
            {data.holidays.length === 0 && data.workdays.length === 0 ? <Empty description={t('calendar.sourceNone')} /> : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(h) => `${h.name}-${h.from}`}
                  dataSource={data.holidays}
                  data-testid="calendar-holidays"
                  columns={[
                    { key: 'name', title: t('calendar.holidayName'), dataIndex: 'name' },
                    { key: 'from', title: t('calendar.from'), dataIndex: 'from' },
                    { key: 'to', title: t('calendar.to'), dataIndex: 'to' },
                  ]}
                />
                <div data-testid="calendar-workdays">
                  <Typography.Text strong>{t('calendar.workdays')}：</Typography.Text>
                  {data.workdays.map((w) => <Tag key={w} className="xr-mono">{w}</Tag>)}
                </div>
              </Space>
            )}
          </Card>
          <Card title={t('calendar.versions.title')} size="small">
            {data.versions.length === 0 ? <Typography.Text type="secondary">{t('calendar.versions.none')}</Typography.Text> : (
              <Table
                size="small"
                pagination={false}
                rowKey="version"
                dataSource={data.versions}
                data-testid="calendar-versions"
                columns={[
                  { key: 'version', title: t('calendar.versions.version'), dataIndex: 'version' },
                  { key: 'holidays', title: t('calendar.versions.holidays'), dataIndex: 'holidays' },
                  { key: 'workdays', title: t('calendar.versions.workdays'), dataIndex: 'workdays' },
                  { key: 'note', title: t('calendar.versions.note'), dataIndex: 'note' },
                  { key: 'by', title: t('calendar.versions.by'), dataIndex: 'createdBy' },
                  { key: 'at', title: t('calendar.versions.at'), render: (_v, r) => formatTimestamp(r.createdAt) },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function MonthGrid({ month, days }: { month: number; days: CalendarYear['days'] }) {
  const { t } = useTranslation();
  // Monday-first: blanks before the 1st
  const first = new Date(`${days[0].day}T00:00:00Z`).getUTCDay();
  const blanks = (first + 6) % 7;
  return (
    <div data-testid="calendar-month" data-month={month}>
      <Typography.Text strong>{t('calendar.month', { month })}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4, fontSize: 12, textAlign: 'center' }}>
        {t('calendar.weekdays').split(',').map((w) => <div key={w} style={{ color: '#8c8c8c' }}>{w}</div>)}
        {Array.from({ length: blanks }, (_, i) => <div key={`b${i}`} />)}
        {days.map((d) => (
          <Tooltip key={d.day} title={d.holiday ?? undefined}>
            <div
              data-day={d.day}
              data-kind={d.kind}
              style={{ ...COLOURS[d.kind], borderRadius: 4, padding: '2px 0', fontWeight: d.kind === 'holiday' || d.kind === 'adjusted_workday' ? 600 : 400 }}
            >
              {Number(d.day.slice(8))}
            </div>
          </Tooltip>
        ))}
      </div>
    </div>
  );
}

/** Paste the year's data as JSON; the page checks the shape, the server checks the days and answers every problem. */
function YearEditor({ data, onDone }: { data: CalendarYear; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState(() => JSON.stringify({ holidays: data.holidays, workdays: data.workdays, note: '' }, null, 2));
  const [localError, setLocalError] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const problems = error instanceof ProblemError && Array.isArray(error.problem.problems) ? (error.problem.problems as string[]) : [];

  async function save() {
    setError(undefined);
    const parsed = parseYearJson(text);
    if ('error' in parsed) {
      setLocalError(parsed.error === 'json' ? t('calendar.editor.badJson', { message: parsed.message ?? '' }) : t('calendar.editor.badShape'));
      return;
    }
    setLocalError(undefined);
    setSaving(true);
    try {
      const saved = await saveCalendarYear(data.year, parsed.value);
      void message.success(t('calendar.editor.saved', { year: saved.year, version: saved.version }));
      onDone(true);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('calendar.editor.title')} data-testid="calendar-editor">
      <Typography.Paragraph type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{t('calendar.editor.hint')}</Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 8, maxRows: 24 }} className="xr-mono" data-testid="calendar-editor-json" />
      {localError !== undefined && <Alert type="error" showIcon title={localError} style={{ marginTop: 12 }} data-testid="calendar-editor-local-error" />}
      {error !== undefined && (
        <div style={{ marginTop: 12 }} data-testid="calendar-editor-error">
          <ProblemAlert error={error} testId="calendar-editor-problem" />
          {problems.length > 0 && (
            <ul data-testid="calendar-editor-problems">
              {problems.map((p) => <li key={p} className="xr-mono">{p}</li>)}
            </ul>
          )}
        </div>
      )}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="calendar-editor-save">{t('calendar.editor.save')}</Button>
        <Button onClick={() => onDone(false)}>{t('calendar.editor.cancel')}</Button>
      </Space>
    </Card>
  );
}
