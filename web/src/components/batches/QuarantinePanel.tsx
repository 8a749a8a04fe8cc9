import { useCallback, useEffect, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, Card, Grid, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, EditOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, query } from '../../api/client.ts';
import type { BatchSummary, CellValue, QuarantineField, QuarantinePage, QuarantineRow } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { BATCHES_PATH, localised, ProblemError, resubmitRows } from './batch-api.ts';
import { changedFields, currentValues, resubmissionOf } from './quarantine-values.ts';
import type { Corrections } from './quarantine-values.ts';
import { RowEditor } from './RowEditor.tsx';

type RowFilter = 'all' | 'open' | 'resolved';
const PAGE_SIZE = 50;

interface RowsState {
  fields: QuarantineField[];
  items: QuarantineRow[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | undefined;
}

const toApiError = (failure: unknown) => (failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));

/**
 * The rows of a batch that failed validation (检验未通过): row number, field and reason, the row as received, and
 * the way back in — correct one or several rows and send them again as a new batch.
 */
export function QuarantinePanel({
  batch,
  basePath,
  generation,
  onResubmitted,
}: {
  batch: BatchSummary;
  basePath: string;
  /** bumped by the page when the rows' status may have changed (a resubmission finished) */
  generation: number;
  onResubmitted: (fresh: BatchSummary) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const en = currentLanguage() === 'en';
  const [filter, setFilter] = useState<RowFilter>('all');
  const [reloads, setReloads] = useState(0);
  const [rows, setRows] = useState<RowsState>({ fields: [], items: [], nextCursor: null, loading: true, error: undefined });
  const [corrections, setCorrections] = useState<Corrections>(new Map());
  const [editing, setEditing] = useState<QuarantineRow>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<ProblemError>();
  const rowsPath = `${BATCHES_PATH}/${encodeURIComponent(batch.id)}/quarantine`;

  useEffect(() => {
    const controller = new AbortController();
    setRows((previous) => ({ ...previous, loading: true, error: undefined }));
    api<QuarantinePage>(`${rowsPath}${query({ status: filter, limit: PAGE_SIZE })}`, { signal: controller.signal }).then(
      (page) => setRows({ fields: page.fields, items: page.items, nextCursor: page.nextCursor, loading: false, error: undefined }),
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setRows((previous) => ({ ...previous, items: [], nextCursor: null, loading: false, error: toApiError(failure) }));
      },
    );
    return () => controller.abort();
  }, [rowsPath, filter, generation, reloads]);

  const loadMore = useCallback(() => {
    if (rows.nextCursor === null) return;
    setRows((previous) => ({ ...previous, loading: true }));
    api<QuarantinePage>(`${rowsPath}${query({ status: filter, limit: PAGE_SIZE, cursor: rows.nextCursor })}`).then(
      (page) =>
        setRows((previous) => ({
          fields: previous.fields.length > 0 ? previous.fields : page.fields,
          items: [...previous.items, ...page.items],
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        })),
      (failure: unknown) => setRows((previous) => ({ ...previous, loading: false, error: toApiError(failure) })),
    );
  }, [rows.nextCursor, rowsPath, filter]);

  const resubmit = async () => {
    setSending(true);
    setSendError(undefined);
    try {
      const fresh = await resubmitRows(batch.id, resubmissionOf(corrections));
      setCorrections(new Map());
      setReloads((n) => n + 1);
      onResubmitted(fresh);
    } catch (error) {
      setSendError(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setSending(false);
    }
  };

  const fieldName = (code: string) => {
    const field = rows.fields.find((candidate) => candidate.code === code);
    return field === undefined ? code : en ? field.nameEn : field.name;
  };

  const columns: TableColumnsType<QuarantineRow> = [
    {
      key: 'rowNumber',
      title: t('batch.rowNumber'),
      align: 'right',
      render: (_: unknown, row) => <span data-testid="quarantine-row-number">{row.rowNumber}</span>,
    },
    {
      key: 'status',
      title: t('batch.rowStatus'),
      render: (_: unknown, row) => <RowStatus row={row} corrected={corrections.has(row.rowNumber)} basePath={basePath} />,
    },
    {
      key: 'problems',
      title: t('batch.problems'),
      render: (_: unknown, row) => (
        <div style={{ minWidth: 220, maxWidth: 360 }}>
          {row.problems.map((problem, index) => (
            <div key={`${problem.field ?? ''}-${problem.code}-${index}`} data-testid="quarantine-problem" data-code={problem.code}>
              <Typography.Text strong data-testid="quarantine-problem-field">
                {problem.field === null ? t('batch.wholeRow') : fieldName(problem.field)}
              </Typography.Text>
              {t('batch.fieldReasonSeparator')}
              <Typography.Text type={row.status === 'resolved' ? 'secondary' : 'danger'} data-testid="quarantine-problem-reason">
                {localised(problem)}
              </Typography.Text>
            </div>
          ))}
        </div>
      ),
    },
    {
      key: 'action',
      title: t('batch.action'),
      render: (_: unknown, row) =>
        row.status === 'open' ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(row)} data-testid="quarantine-edit">
            {t('batch.correct')}
          </Button>
        ) : null,
    },
    ...rows.fields.map((field) => ({
      key: `field-${field.code}`,
      title: en ? field.nameEn : field.name,
      render: (_: unknown, row: QuarantineRow) => (
        <Cell
          value={currentValues(row, corrections)[field.code]}
          wrong={row.status === 'open' && row.problems.some((problem) => problem.field === field.code)}
          changed={changedFields(row, corrections).has(field.code)}
          testId={`quarantine-cell-${field.code}`}
          yes={t('batch.yes')}
          no={t('batch.no')}
        />
      ),
    })),
  ];

  return (
    <Card title={t('batch.quarantineTitle')} data-testid="quarantine">
      <div className="xr-stack">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('batch.quarantineIntro')}
        </Typography.Paragraph>
        <Space wrap>
          <Segmented<RowFilter>
            value={filter}
            onChange={setFilter}
            data-testid="quarantine-filter"
            options={[
              { value: 'all', label: t('batch.rowsAll') },
              { value: 'open', label: t('batch.rowsOpen') },
              { value: 'resolved', label: t('batch.rowsResolved') },
            ]}
          />
          <Button
            icon={<DownloadOutlined />}
            href={`/api/v1${rowsPath}.csv${query({ lang: currentLanguage() })}`}
            download={`${batch.batchId}-errors.csv`}
            data-testid="quarantine-download"
          >
            {t('batch.errorReport')}
          </Button>
        </Space>
        {rows.error !== undefined && <ProblemAlert error={rows.error} testId="quarantine-error" />}
        {corrections.size > 0 && (
          <Space wrap data-testid="resubmit-bar">
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={sending}
              onClick={() => void resubmit()}
              data-testid="resubmit"
            >
              {t('batch.resubmit', { count: corrections.size })}
            </Button>
            <Button icon={<UndoOutlined />} disabled={sending} onClick={() => setCorrections(new Map())} data-testid="discard-corrections">
              {t('batch.discardCorrections')}
            </Button>
          </Space>
        )}
        {sendError !== undefined && <ProblemAlert error={sendError} testId="resubmit-error" />}
        <Table<QuarantineRow>
          rowKey="rowNumber"
          size={screens.md === true ? 'middle' : 'small'}
          columns={columns}
          dataSource={rows.items}
          loading={rows.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('batch.quarantineEmpty') }}
          onRow={(row) =>
            ({ 'data-testid': 'quarantine-row', 'data-row': row.rowNumber, 'data-status': row.status }) as HTMLAttributes<HTMLElement>
          }
        />
        {rows.nextCursor !== null && (
          <Button block onClick={loadMore} loading={rows.loading} data-testid="quarantine-load-more">
            {t('search.loadMore')}
          </Button>
        )}
      </div>
      {editing !== undefined && (
        <RowEditor
          key={editing.rowNumber}
          row={editing}
          fields={rows.fields}
          values={currentValues(editing, corrections)}
          onCancel={() => setEditing(undefined)}
          onSave={(values) => {
            setCorrections((previous) => new Map(previous).set(editing.rowNumber, values));
            setEditing(undefined);
          }}
        />
      )}
    </Card>
  );
}

function RowStatus({ row, corrected, basePath }: { row: QuarantineRow; corrected: boolean; basePath: string }) {
  const { t } = useTranslation();
  if (row.status === 'resolved') {
    return (
      <Space orientation="vertical" size={0}>
        <Tag color="success" data-testid="quarantine-row-status">
          {t('batch.rowResolved')}
        </Tag>
        {row.resolvedBy !== null && (
          <Link to={`${basePath}/${row.resolvedBy}`} data-testid="quarantine-resolved-by">
            {t('batch.fixingBatch')}
          </Link>
        )}
      </Space>
    );
  }
  return corrected ? (
    <Tag color="processing" data-testid="quarantine-row-status">
      {t('batch.rowCorrected')}
    </Tag>
  ) : (
    <Tag color="error" data-testid="quarantine-row-status">
      {t('batch.rowOpen')}
    </Tag>
  );
}

function Cell({
  value,
  wrong,
  changed,
  testId,
  yes,
  no,
}: {
  value: CellValue | undefined;
  wrong: boolean;
  changed: boolean;
  testId: string;
  yes: string;
  no: string;
}) {
  const text = value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? yes : no) : String(value);
  const style = {
    display: 'inline-block',
    maxWidth: 240,
    padding: '0 4px',
    borderRadius: 4,
    background: changed ? '#e6f4ff' : wrong ? '#fff1f0' : undefined,
  };
  return (
    <Typography.Text
      type={wrong && !changed ? 'danger' : undefined}
      ellipsis={{ tooltip: text }}
      style={style}
      data-testid={testId}
      data-wrong={wrong && !changed ? 'true' : undefined}
    >
      {text === '' && wrong ? '—' : text}
    </Typography.Text>
  );
}
