import { Alert, Descriptions, Drawer, Grid, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuthorisationDetail } from '../../api/consent.ts';
import { CONSENT_PATHS } from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ConsentStatusTag, UsageText } from './consent-reference.tsx';
import type { ConsentReference } from './consent-reference.tsx';

interface Evidence {
  items: { seq: number; time: string; action: string; outcome: string; role: string }[];
}

/**
 * One authorisation in full: its terms, the signed authorisation document (授权书), how its status changed and, for
 * the enterprise and operators (`evidence`), the audit-log receipts (存证回执) of those changes.
 */
export function ConsentDetailDrawer({ id, reference, onClose, evidence = false }: { id: string | undefined; reference: ConsentReference; onClose: () => void; evidence?: boolean }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md === true;
  const detail = useApi<AuthorisationDetail>(id === undefined ? null : CONSENT_PATHS.authorisation(id));
  const data = detail.data?.id === id ? detail.data : undefined;
  const receipts = useApi<Evidence>(evidence && id !== undefined ? `/audit/evidence/authorisation/${id}` : null);

  return (
    <Drawer open={id !== undefined} onClose={onClose} size={wide ? 640 : '100%'} title={t('consent.detail.title')} data-testid="consent-detail" destroyOnHidden>
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="consent-detail-error" />}
      {data === undefined && detail.error === undefined && <Skeleton active paragraph={{ rows: 8 }} />}
      {data !== undefined && (
        <div className="xr-stack">
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('consent.field.status')}>
              <ConsentStatusTag status={data.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.field.id')}>
              <span className="xr-mono" data-testid="consent-detail-id">{data.id}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.field.enterprise')}>
              {data.enterprise.name} <span className="xr-mono">{data.enterprise.uscc}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.field.institution')}>{data.institution.name}</Descriptions.Item>
            <Descriptions.Item label={t('consent.field.channel')}>{t(`consent.channel.${data.channel}`, { defaultValue: data.channel })}</Descriptions.Item>
            <Descriptions.Item label={t('consent.field.purpose')}>{reference.purposeName(data.purpose)}</Descriptions.Item>
            <Descriptions.Item label={t('consent.field.items')}>
              {data.items.map((code) => (
                <Tag key={code}>{reference.itemName(code)}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.field.mode')}>{t(`consent.mode.${data.mode}`, { defaultValue: data.mode })}</Descriptions.Item>
            <Descriptions.Item label={t('consent.field.window')}>
              {data.validFrom?.slice(0, 10)} — {data.validTo?.slice(0, 10)}
            </Descriptions.Item>
            <Descriptions.Item label={t('consent.field.usage')}>
              <UsageText used={data.usageCount} limit={data.frequencyLimit} />
              {data.lastUsedAt !== null && (
                <Typography.Text type="secondary"> · {t('consent.lastUsed', { at: formatTimestamp(data.lastUsedAt) })}</Typography.Text>
              )}
            </Descriptions.Item>
            {data.note !== null && data.note !== '' && <Descriptions.Item label={t('consent.field.note')}>{data.note}</Descriptions.Item>}
            {data.document !== null && (
              <Descriptions.Item label={t('consent.detail.document')}>
                {data.document.name} <Typography.Text type="secondary" className="xr-mono">SM3 {data.document.sm3}</Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('consent.field.retentionDays')}>
              {t('consent.daysCount', { days: data.retentionDays })}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5}>{t('consent.detail.artefact')}</Typography.Title>
          {data.artefact === null ? (
            <Alert type="info" showIcon title={t('consent.detail.noArtefact')} />
          ) : (
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }} data-testid="consent-artefact">
              <Descriptions.Item label={t('consent.detail.alg')}>
                <span className="xr-mono" data-testid="consent-artefact-alg">{data.artefact.alg}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('consent.detail.keyId')}>
                <span className="xr-mono">{data.artefact.keyId}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('consent.detail.signature')}>
                <Typography.Text className="xr-mono" copyable style={{ wordBreak: 'break-all' }}>
                  {data.artefact.signature}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('consent.detail.payload')}>
                <pre className="xr-mono" style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 260, overflow: 'auto' }} data-testid="consent-artefact-payload">
                  {typeof data.artefact.payload === 'string' ? data.artefact.payload : JSON.stringify(data.artefact.payload, null, 2)}
                </pre>
              </Descriptions.Item>
            </Descriptions>
          )}

          <Typography.Title level={5}>{t('consent.detail.history')}</Typography.Title>
          <Timeline
            data-testid="consent-history"
            items={data.history.map((entry) => ({
              key: `${entry.status}-${entry.at}`,
              content: (
                <span>
                  <ConsentStatusTag status={entry.status} /> {formatTimestamp(entry.at)}
                  <Typography.Text type="secondary"> · {t(`role.${entry.role}`, { defaultValue: entry.role })}</Typography.Text>
                  {entry.reason !== null && entry.reason !== '' && <div>{t('consent.detail.reason', { reason: entry.reason })}</div>}
                </span>
              ),
            }))}
          />

          {evidence && (
            <>
              <Typography.Title level={5}>{t('consent.detail.evidence')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('consent.detail.evidenceIntro')}</Typography.Paragraph>
              {receipts.data !== undefined && receipts.data.items.length === 0 && <Typography.Text type="secondary">{t('consent.detail.evidenceNone')}</Typography.Text>}
              <ul className="xr-plain-list" data-testid="consent-evidence">
                {receipts.data?.items.map((entry) => (
                  <li key={entry.seq}>
                    <span className="xr-mono">{entry.action}</span> · {formatTimestamp(entry.time)} ·{' '}
                    <a href={`/api/v1/audit/receipts/${entry.seq}`} download={`receipt-${entry.seq}.json`}>
                      {t('consent.detail.receipt', { seq: entry.seq })}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Drawer>
  );
}
