import { Alert, Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SizeDecision } from '../api/types.ts';
import { currentLanguage } from '../i18n/index.ts';
import { codeLabel, SIZE_TAG_COLORS } from './labels.ts';

/** 企业规模: the class the server computed, the rule that decided it and the standard table it used. */
export function SizeClassCard({ size }: { size: SizeDecision }) {
  const { t } = useTranslation();
  const rule = currentLanguage() === 'en' && size.ruleEn !== '' ? size.ruleEn : size.rule;
  return (
    <Card title={t('size.title')} data-testid="size-card">
      <div className="xr-stack">
        <div>
          <Tag color={SIZE_TAG_COLORS[size.sizeClass] ?? 'default'} className="xr-size-tag" data-testid="size-class">
            {codeLabel(t, 'sizeClass', size.sizeClass)}
          </Tag>
        </div>
        <div>
          <Typography.Text strong>{t('size.rule')}</Typography.Text>
          <Typography.Paragraph data-testid="size-rule">{rule}</Typography.Paragraph>
        </div>
        <Typography.Text type="secondary" data-testid="size-table-version">
          {t('size.tableVersion', { version: size.tableVersion })}
        </Typography.Text>
        {size.missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            data-testid="size-missing"
            title={t('size.missing', {
              fields: size.missing.map((field) => codeLabel(t, 'entity.field', field)).join(t('common.listSeparator')),
            })}
          />
        )}
      </div>
    </Card>
  );
}
