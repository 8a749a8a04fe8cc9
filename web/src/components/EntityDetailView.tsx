import type { ReactNode } from 'react';
import { Card, Descriptions, Grid, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EntityDetail } from '../api/types.ts';
import { currentLanguage } from '../i18n/index.ts';
import { codeLabel, formatCount, formatTimestamp, STATUS_TAG_COLORS } from './labels.ts';
import { SizeClassCard } from './SizeClassCard.tsx';
import { YuanAmount } from './YuanAmount.tsx';

/** Every C1 attribute of one entity exactly as the server sent it (personal data arrives already masked or not). */
export function EntityDetailView({ entity, narrow = false }: { entity: EntityDetail; narrow?: boolean }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const column = narrow ? 1 : { xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 };
  const layout = screens.sm === true ? 'horizontal' : 'vertical';
  const restricted = new Set(entity.restricted ?? []);
  const notProvided = <Typography.Text type="secondary">{t('common.notProvided')}</Typography.Text>;
  /** A value as sent; null reads "not provided", or "needs authorisation" when the server withheld the field. */
  const shown = (field: string, value: ReactNode | null, testId: string) => {
    if (restricted.has(field)) {
      return (
        <Typography.Text type="secondary" data-testid={`${testId}-restricted`}>
          {t('entity.restricted')}
        </Typography.Text>
      );
    }
    if (value === null) return <span data-testid={testId}>{notProvided}</span>;
    return <span data-testid={testId}>{value}</span>;
  };
  const mono = (value: string | null) => (value === null ? null : <span className="xr-mono">{value}</span>);

  const basic: DescriptionsProps['items'] = [
    { key: 'name', label: t('entity.field.name'), children: <span data-testid="entity-name">{entity.name}</span> },
    {
      key: 'uscc',
      label: t('entity.field.uscc'),
      children: <span className="xr-mono" data-testid="entity-uscc">{entity.uscc}</span>,
    },
    { key: 'entityType', label: t('entity.field.entityType'), children: codeLabel(t, 'entityType', entity.entityType) },
    {
      key: 'status',
      label: t('entity.field.status'),
      children: (
        <Tag color={STATUS_TAG_COLORS[entity.status] ?? 'default'} data-testid="entity-status">
          {codeLabel(t, 'status', entity.status)}
        </Tag>
      ),
    },
    { key: 'registrationAuthority', label: t('entity.field.registrationAuthority'), children: entity.registrationAuthority },
    {
      key: 'region',
      label: t('entity.field.region'),
      children: t('entity.codeAndName', { name: entity.regionName, code: entity.regionCode }),
    },
    {
      key: 'industry',
      label: t('entity.field.industry'),
      children: t('entity.codeAndName', { name: entity.industryName, code: entity.industryCode }),
    },
    {
      key: 'registeredCapital',
      label: t('entity.field.registeredCapital'),
      children: shown('registeredCapital', <YuanAmount value={entity.registeredCapital} />, 'entity-registered-capital'),
    },
    { key: 'establishedOn', label: t('entity.field.establishedOn'), children: shown('establishedOn', entity.establishedOn, 'entity-established-on') },
    { key: 'updatedAt', label: t('entity.field.updatedAt'), children: formatTimestamp(entity.updatedAt) },
  ];

  const rep = entity.legalRep;
  const legalRep: DescriptionsProps['items'] = [
    { key: 'name', label: t('entity.field.legalRepName'), children: shown('legalRep.name', rep.name, 'legal-rep-name') },
    {
      key: 'idType',
      label: t('entity.field.idType'),
      children: shown('legalRep.idType', rep.idType === null ? null : codeLabel(t, 'idType', rep.idType), 'legal-rep-id-type'),
    },
    { key: 'idNumber', label: t('entity.field.idNumber'), children: shown('legalRep.idNumber', mono(rep.idNumber), 'legal-rep-id-number') },
    { key: 'mobile', label: t('entity.field.mobile'), children: shown('legalRep.mobile', mono(rep.mobile), 'legal-rep-mobile') },
  ];

  const operating: DescriptionsProps['items'] = [
    {
      key: 'employees',
      label: t('entity.field.employees'),
      children: shown(
        'employees',
        entity.employees === null
          ? null
          : t('entity.persons', { count: entity.employees, formatted: formatCount(entity.employees, currentLanguage()) }),
        'entity-employees',
      ),
    },
    {
      key: 'revenue',
      label: t('entity.field.revenue'),
      children: shown('revenue', <YuanAmount value={entity.revenue} />, 'entity-revenue'),
    },
    {
      key: 'assets',
      label: t('entity.field.assets'),
      children: shown('assets', <YuanAmount value={entity.assets} />, 'entity-assets'),
    },
  ];

  const descriptions = (items: DescriptionsProps['items'], testId: string) => (
    <Descriptions
      bordered
      size="small"
      column={column}
      layout={layout}
      items={items}
      className="xr-descriptions"
      data-testid={testId}
    />
  );

  return (
    <div className="xr-stack" data-testid="entity-detail">
      <Card title={t('entity.section.basic')}>{descriptions(basic, 'entity-basic')}</Card>
      <SizeClassCard size={entity.size} />
      <Card title={t('entity.section.operating')}>{descriptions(operating, 'entity-operating')}</Card>
      <Card
        title={t('entity.section.legalRep')}
        extra={rep.masked === true ? <Tag data-testid="legal-rep-masked">{t('entity.masked')}</Tag> : undefined}
      >
        {descriptions(legalRep, 'entity-legal-rep')}
      </Card>
    </div>
  );
}
