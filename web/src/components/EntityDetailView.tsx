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
  const notProvided = <Typography.Text type="secondary">{t('common.notProvided')}</Typography.Text>;

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
      children: <YuanAmount value={entity.registeredCapital} testId="entity-registered-capital" />,
    },
    { key: 'establishedOn', label: t('entity.field.establishedOn'), children: entity.establishedOn },
    { key: 'updatedAt', label: t('entity.field.updatedAt'), children: formatTimestamp(entity.updatedAt) },
  ];

  const legalRep: DescriptionsProps['items'] = [
    { key: 'name', label: t('entity.field.legalRepName'), children: <span data-testid="legal-rep-name">{entity.legalRep.name}</span> },
    { key: 'idType', label: t('entity.field.idType'), children: codeLabel(t, 'idType', entity.legalRep.idType) },
    {
      key: 'idNumber',
      label: t('entity.field.idNumber'),
      children: <span className="xr-mono" data-testid="legal-rep-id-number">{entity.legalRep.idNumber}</span>,
    },
    {
      key: 'mobile',
      label: t('entity.field.mobile'),
      children: <span className="xr-mono" data-testid="legal-rep-mobile">{entity.legalRep.mobile}</span>,
    },
  ];

  const operating: DescriptionsProps['items'] = [
    {
      key: 'employees',
      label: t('entity.field.employees'),
      children:
        entity.employees === null ? notProvided : (
          <span data-testid="entity-employees">
            {t('entity.persons', { count: entity.employees, formatted: formatCount(entity.employees, currentLanguage()) })}
          </span>
        ),
    },
    { key: 'revenue', label: t('entity.field.revenue'), children: <YuanAmount value={entity.revenue} testId="entity-revenue" /> },
    { key: 'assets', label: t('entity.field.assets'), children: <YuanAmount value={entity.assets} testId="entity-assets" /> },
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
      <Card title={t('entity.section.legalRep')}>{descriptions(legalRep, 'entity-legal-rep')}</Card>
    </div>
  );
}
