import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATISTICS_PATHS, type Headline } from '../../api/statistics.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { percentText, wanText } from './format.ts';

/** The public home page's statistics headline (C17): this year's platform figures, aggregates only; a district edition's with `region`. */
export function HeadlinePanel({ region }: { region?: string } = {}) {
  const { t } = useTranslation();
  const headline = useApi<Headline>(region === undefined ? STATISTICS_PATHS.headline : STATISTICS_PATHS.headlineOf(region));
  const h = headline.data;
  return (
    <Card title={t('statistics.headline.title')} data-testid="statistics-headline">
      {headline.error !== undefined && <ProblemAlert error={headline.error} />}
      {h === undefined && headline.error === undefined && <Skeleton active paragraph={{ rows: 1 }} />}
      {h !== undefined && (
        <div className="xr-stack">
          <Typography.Text type="secondary">{t('statistics.headline.period', { region: h.node.regionName, from: h.period.from, to: h.period.to })}</Typography.Text>
          <Row gutter={[16, 16]}>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.loans')} value={h.total.figures.loans} data-testid="headline-loans" /></Col>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.loanWan')} value={wanText(h.total.figures.loanFen)} data-testid="headline-loan-amount" /></Col>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.creditShare')} value={percentText(h.total.derived.creditShareBp)} data-testid="headline-credit-share" /></Col>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.averageRate')} value={percentText(h.total.derived.averageRateBp)} data-testid="headline-rate" /></Col>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.registered')} value={h.total.figures.registered} data-testid="headline-registered" /></Col>
            <Col xs={12} sm={8} lg={4}><Statistic title={t('statistics.figure.authorised')} value={h.total.figures.authorised} data-testid="headline-authorised" /></Col>
          </Row>
        </div>
      )}
    </Card>
  );
}
