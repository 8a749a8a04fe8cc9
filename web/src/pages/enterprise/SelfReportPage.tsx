import { useMemo, useState } from 'react';
import { Card, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Catalog, CatalogItem } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { SelfReportCommitment } from './SelfReportCommitment.tsx';
import { SelfReportForm } from './SelfReportForm.tsx';
import { SelfReportTable } from './SelfReportTable.tsx';

export type Cell = string | number | boolean | null;

/** One language of the 信用承诺书 as the server sends it. */
export interface CommitmentWording {
  title: string;
  preamble: string;
  clauses: string[];
  closing: string;
}

export interface SignedCommitment {
  id: string;
  textVersion: string;
  textSm3: string;
  signedAt: string;
  signer: { userId: string; displayName: string };
  receipt: { receiptId: string; issuedAt: string; issuer: { keyId: string; alg: string }; text: { version: string; sm3: string }; signature: string };
}

export interface CommitmentState {
  text: { version: string; effectiveFrom: string; sm3: string; zh: CommitmentWording; en: CommitmentWording };
  live: boolean;
  canSign: boolean;
  commitment: SignedCommitment | null;
}

export interface SelfReportedRecord {
  item: string;
  itemName: string;
  itemNameEn: string;
  key: string;
  version: number;
  validFrom: string;
  origin: 'self_report' | 'provider';
  commitmentId: string | null;
  data: Record<string, Cell>;
}

/** 自主申报 category code in the catalog (seed 004: 资质证照、生产经营、合同履约、社会公益). */
const SELF_REPORT_CATEGORY = 'SELF_REPORT';

/** 自愿填报 + 信用承诺: sign the credit commitment, then report and correct the enterprise's own information. */
export function SelfReportPage() {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const commitment = useApi<CommitmentState>('/self-reports/commitment');
  const catalog = useApi<Catalog>('/catalog');
  const reports = useApi<{ items: SelfReportedRecord[] }>('/self-reports');
  const items = useMemo<CatalogItem[]>(
    () => catalog.data?.categories.find((category) => category.code === SELF_REPORT_CATEGORY)?.items ?? [],
    [catalog.data],
  );
  const [activeItem, setActiveItem] = useState<string>();
  const [editing, setEditing] = useState<SelfReportedRecord>();
  const current = activeItem ?? items[0]?.code;

  const edit = (record: SelfReportedRecord) => {
    setActiveItem(record.item);
    setEditing(record);
    document.getElementById('self-report-forms')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const live = commitment.data?.live === true;
  const firstError = commitment.error ?? catalog.error ?? reports.error;

  return (
    <div className="xr-stack" data-testid="self-report-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('selfReport.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('selfReport.intro')}</Typography.Paragraph>
      {firstError !== undefined && <ProblemAlert error={firstError} testId="self-report-error" />}
      {commitment.data === undefined && commitment.error === undefined && <Skeleton active paragraph={{ rows: 6 }} />}
      {commitment.data !== undefined && (
        <SelfReportCommitment state={commitment.data} onSigned={commitment.reload} />
      )}
      <Card id="self-report-forms" title={t('selfReport.formsTitle')} data-testid="self-report-forms">
        {catalog.data === undefined && catalog.error === undefined && <Skeleton active />}
        {items.length > 0 && current !== undefined && (
          <Tabs
            activeKey={current}
            onChange={(key) => {
              setActiveItem(key);
              setEditing(undefined);
            }}
            items={items.map((item) => ({
              key: item.code,
              label: <span data-testid={`self-report-tab-${item.code}`}>{en ? item.nameEn : item.name}</span>,
              children: (
                <SelfReportForm
                  item={item}
                  disabled={!live}
                  editing={editing?.item === item.code ? editing : undefined}
                  onCancelEdit={() => setEditing(undefined)}
                  onSaved={() => {
                    setEditing(undefined);
                    reports.reload();
                  }}
                />
              ),
            }))}
          />
        )}
      </Card>
      <Card title={t('selfReport.tableTitle')} data-testid="self-report-records">
        <SelfReportTable records={reports.data?.items} items={items} loading={reports.loading} onEdit={edit} />
      </Card>
    </div>
  );
}
