import { Col, DatePicker, Form, InputNumber, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ConsentTerms, LimitPeriod, UseMode } from '../../api/consent.ts';
import { LIMIT_PERIODS, USE_MODES } from '../../api/consent.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { ConsentReference } from './consent-reference.tsx';

/** What the terms fields hold while being edited. */
export interface TermsValues {
  purpose?: string;
  items?: string[];
  mode?: UseMode;
  validTo?: Dayjs;
  limitCount?: number;
  limitPeriod?: LimitPeriod;
  retentionDays?: number;
}

export const DEFAULT_TERMS: TermsValues = { mode: 'query', limitCount: 10, limitPeriod: 'month', retentionDays: 90 };

/** The form's values as the API's terms; the form's rules have already checked every field is there. */
export function termsOf(values: TermsValues): ConsentTerms {
  return {
    purpose: values.purpose ?? '',
    items: values.items ?? [],
    mode: values.mode ?? 'query',
    validTo: (values.validTo ?? dayjs()).format('YYYY-MM-DD'),
    frequencyLimit: { count: values.limitCount ?? 0, period: values.limitPeriod ?? 'month' },
    retentionDays: values.retentionDays ?? 0,
  };
}

/**
 * Purpose, items, use mode, validity, frequency limit and retention: the terms an enterprise grants and an
 * institution asks for. `prefix` keeps test ids apart when two forms share a page.
 */
export function ConsentTermsFields({ reference, prefix }: { reference: ConsentReference; prefix: string }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const required = (label: string) => [{ required: true, message: t('consent.form.required', { field: label }) }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="purpose" label={t('consent.field.purpose')} rules={required(t('consent.field.purpose'))}>
            <Select
              data-testid={`${prefix}-purpose`}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('consent.form.choosePurpose')}
              options={reference.purposes.map((p) => ({ value: p.code, label: en ? p.en : p.zh }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="mode" label={t('consent.field.mode')} rules={required(t('consent.field.mode'))} extra={t('consent.form.modeHint')}>
            <Select data-testid={`${prefix}-mode`} options={USE_MODES.map((mode) => ({ value: mode, label: t(`consent.mode.${mode}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="items" label={t('consent.field.items')} rules={required(t('consent.field.items'))}>
        <Select
          mode="multiple"
          data-testid={`${prefix}-items`}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('consent.form.chooseItems')}
          options={reference.items.map((item) => ({
            value: item.code,
            label: `${en ? item.nameEn : item.name}（${item.level}）`,
          }))}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="validTo"
            label={t('consent.field.validTo')}
            rules={[
              ...required(t('consent.field.validTo')),
              {
                validator: async (_rule, value: Dayjs | undefined) => {
                  if (value !== undefined && value !== null && !value.isAfter(dayjs(), 'day')) throw new Error(t('consent.form.validToFuture'));
                },
              },
            ]}
          >
            <DatePicker
              style={{ width: '100%' }}
              data-testid={`${prefix}-valid-to`}
              disabledDate={(day) => !day.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('consent.field.frequencyLimit')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="limitCount" noStyle rules={required(t('consent.field.frequencyLimit'))}>
                <InputNumber min={1} max={10000} precision={0} style={{ width: '55%' }} data-testid={`${prefix}-limit-count`} />
              </Form.Item>
              <Form.Item name="limitPeriod" noStyle rules={required(t('consent.field.frequencyLimit'))}>
                <Select
                  style={{ width: '45%' }}
                  data-testid={`${prefix}-limit-period`}
                  options={LIMIT_PERIODS.map((period) => ({ value: period, label: t(`consent.period.${period}`) }))}
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="retentionDays" label={t('consent.field.retentionDays')} rules={required(t('consent.field.retentionDays'))} extra={t('consent.form.retentionHint')}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} data-testid={`${prefix}-retention`} suffix={t('consent.days')} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
