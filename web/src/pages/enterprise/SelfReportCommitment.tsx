import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Collapse, Descriptions, Modal, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.tsx';
import { postJson, type ProblemError } from '../../components/batches/batch-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { CommitmentState } from './SelfReportPage.tsx';

/** The 信用承诺书: its text, the legal representative's signature (with confirmation) and the signed receipt. */
export function SelfReportCommitment({ state, onSigned }: { state: CommitmentState; onSigned: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const wording = currentLanguage() === 'en' ? state.text.en : state.text.zh;
  const [accepted, setAccepted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const signed = state.commitment;

  const sign = async () => {
    setSigning(true);
    setFailure(undefined);
    try {
      await postJson('/self-reports/commitment', { textVersion: state.text.version, accept: true });
      setConfirming(false);
      onSigned();
    } catch (error) {
      setFailure(error as ProblemError);
      setConfirming(false);
    } finally {
      setSigning(false);
    }
  };

  const text = (
    <div data-testid="commitment-text">
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {wording.title}
      </Typography.Title>
      <Typography.Paragraph>{wording.preamble}</Typography.Paragraph>
      {wording.clauses.map((clause) => (
        <Typography.Paragraph key={clause}>{clause}</Typography.Paragraph>
      ))}
      <Typography.Paragraph>{wording.closing}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('selfReport.commitment.party', { name: me.org.name, uscc: me.org.uscc ?? '' })}
      </Typography.Paragraph>
    </div>
  );

  return (
    <Card
      title={
        <span>
          <SafetyCertificateOutlined /> {t('selfReport.commitment.title')}
        </span>
      }
      extra={<Typography.Text type="secondary">{t('selfReport.commitment.version', { version: state.text.version })}</Typography.Text>}
      data-testid="commitment-card"
    >
      <div className="xr-stack">
        {state.live && signed !== null ? (
          <Alert
            type="success"
            showIcon
            data-testid="commitment-status"
            title={t('selfReport.commitment.signed')}
            description={
              <Descriptions size="small" column={1} className="xr-descriptions">
                <Descriptions.Item label={t('selfReport.commitment.signedAt')}>{formatTimestamp(signed.signedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('selfReport.commitment.signer')}>{signed.signer.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('selfReport.commitment.receiptId')}>
                  <Typography.Text className="xr-mono" copyable data-testid="commitment-receipt-id">
                    {signed.receipt.receiptId}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            }
          />
        ) : (
          <Alert
            type={signed === null ? 'info' : 'warning'}
            showIcon
            data-testid="commitment-status"
            title={signed === null ? t('selfReport.commitment.notSigned') : t('selfReport.commitment.outdated')}
            description={state.canSign ? t('selfReport.commitment.signHint') : t('selfReport.commitment.legalRepOnly')}
          />
        )}
        {state.live ? (
          <Collapse
            size="small"
            items={[
              { key: 'text', label: t('selfReport.commitment.showText'), children: text },
              {
                key: 'receipt',
                label: t('selfReport.commitment.showReceipt'),
                children: signed !== null && (
                  <Descriptions size="small" column={1} className="xr-descriptions" data-testid="commitment-receipt">
                    <Descriptions.Item label={t('selfReport.commitment.textDigest')}>
                      <span className="xr-mono">{signed.receipt.text.sm3}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('selfReport.commitment.keyId')}>
                      <span className="xr-mono">{`${signed.receipt.issuer.keyId} (${signed.receipt.issuer.alg})`}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('selfReport.commitment.signature')}>
                      <span className="xr-mono">{signed.receipt.signature}</span>
                    </Descriptions.Item>
                  </Descriptions>
                ),
              },
            ]}
          />
        ) : (
          text
        )}
        {failure !== undefined && <ProblemAlert error={failure} testId="commitment-error" />}
        {!state.live && state.canSign && (
          <div className="xr-stack">
            <Checkbox checked={accepted} onChange={(event) => setAccepted(event.target.checked)} data-testid="commitment-accept">
              {t('selfReport.commitment.accept')}
            </Checkbox>
            <div>
              <Button type="primary" disabled={!accepted} onClick={() => setConfirming(true)} data-testid="commitment-sign">
                {t('selfReport.commitment.sign')}
              </Button>
            </div>
          </div>
        )}
      </div>
      <Modal
        open={confirming}
        title={t('selfReport.commitment.confirmTitle')}
        okText={t('selfReport.commitment.confirmOk')}
        cancelText={t('selfReport.cancel')}
        confirmLoading={signing}
        onOk={() => void sign()}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ 'data-testid': 'commitment-confirm' } as Record<string, string>}
      >
        <Typography.Paragraph>{t('selfReport.commitment.confirmBody', { name: me.org.name, signer: me.displayName })}</Typography.Paragraph>
      </Modal>
    </Card>
  );
}
