import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.tsx';
import { EvaluationProfile } from '../evaluation/EvaluationProfile.tsx';

/** 信用评价: the enterprise's own score, grade, reasons, tags and history. */
export default function EvaluationPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="xr-stack" data-testid="evaluation-page">
      <Typography.Title level={3} className="xr-portal-title">{t('evaluation.enterprise.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('evaluation.enterprise.intro')}</Typography.Paragraph>
      {me.org.uscc === null ? <Empty description={t('evaluation.profile.noUscc')} /> : <EvaluationProfile uscc={me.org.uscc} />}
    </div>
  );
}
