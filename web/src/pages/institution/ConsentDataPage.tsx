import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DataItem, EnterpriseData } from '../../api/consent.ts';
import { ProblemError, readEnterpriseData, refusedItemsOf } from '../../api/consent.ts';
import type { Catalog } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useConsentReference } from '../consent/consent-reference.tsx';
import type { ConsentReference } from '../consent/consent-reference.tsx';

interface QueryValues {
  uscc?: string;
  purpose?: string;
  items?: string[];
}

/** Refusals by the policy point (403 no live authorisation for an item, 429 its use limit reached). */
const REFUSAL_TITLES: Record<string, string> = { AUTHORISATION_REQUIRED: 'consent.data.refusedTitle', AUTHORISATION_LIMIT: 'consent.data.limitTitle' };

/**
 * 企业数据查询: an institution reads an enterprise's detail data for one purpose. The server decides what the
 * enterprise's authorisations allow and masks personal fields; a missing authorisation comes back as a refusal.
 */
export function ConsentDataPage() {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const reference = useConsentReference();
  const catalog = useApi<Catalog>('/catalog');
  const [form] = Form.useForm<QueryValues>();
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<EnterpriseData>();
  const [failure, setFailure] = useState<ProblemError>();

  /** field code → name, per item, in the published catalog's order */
  const fieldNames = useMemo(() => {
    const names = new Map<string, Map<string, string>>();
    for (const category of catalog.data?.categories ?? []) {
      for (const item of category.items) names.set(item.code, new Map(item.fields.map((field) => [field.code, en ? field.nameEn : field.name])));
    }
    return names;
  }, [catalog.data, en]);

  const search = async (values: QueryValues) => {
    setLoading(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult(await readEnterpriseData((values.uscc ?? '').trim().toUpperCase(), values.purpose ?? '', values.items ?? []));
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setLoading(false);
    }
  };

  const required = (label: string) => [{ required: true, message: t('consent.form.required', { field: label }) }];
  return (
    <div className="xr-stack" data-testid="consent-data-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('consent.data.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('consent.data.intro')}</Typography.Paragraph>
      <Card>
        <Form<QueryValues> form={form} layout="vertical" onFinish={(values) => void search(values)}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="uscc" label={t('consent.field.uscc')} rules={required(t('consent.field.uscc'))}>
                <Input maxLength={18} className="xr-mono" data-testid="consent-data-uscc" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="purpose" label={t('consent.field.purpose')} rules={required(t('consent.field.purpose'))}>
                <Select
                  data-testid="consent-data-purpose"
                  placeholder={t('consent.form.choosePurpose')}
                  options={reference.purposes.map((p) => ({ value: p.code, label: en ? p.en : p.zh }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="items" label={t('consent.data.itemsOptional')} extra={t('consent.data.itemsHint')}>
                <Select
                  mode="multiple"
                  allowClear
                  data-testid="consent-data-items"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={reference.items.map((item) => ({ value: item.code, label: en ? item.nameEn : item.name }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} data-testid="consent-data-submit">
            {t('consent.data.submit')}
          </Button>
        </Form>
      </Card>

      {failure !== undefined && <DataFailure error={failure} reference={reference} />}
      {result !== undefined && (
        <div className="xr-stack" data-testid="consent-data-result">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {result.name} <Typography.Text type="secondary" className="xr-mono">{result.uscc}</Typography.Text>
          </Typography.Title>
          <Typography.Text type="secondary">{t('consent.data.forPurpose', { purpose: reference.purposeName(result.purpose) })}</Typography.Text>
          {result.items.length === 0 && <Empty description={t('consent.data.noItems')} />}
          {result.items
            .filter((item) => item.records.length > 0)
            .map((item) => (
              <DataItemCard key={item.code} item={item} fieldNames={fieldNames.get(item.code)} />
            ))}
          {result.items.some((item) => item.records.length === 0) && (
            // items the bank may see but nobody has reported for this enterprise: one line, not a card each
            <Card size="small" title={t('consent.data.emptyItems')} data-testid="consent-data-empty-items">
              {result.items
                .filter((item) => item.records.length === 0)
                .map((item) => (
                  <Tag key={item.code}>{en ? item.nameEn : item.name}</Tag>
                ))}
            </Card>
          )}
        </div>
      )}
    </div>
  );
}

/** A refusal names what is missing; other failures show the server's message as they are. */
function DataFailure({ error, reference }: { error: ProblemError; reference: ConsentReference }) {
  const { t } = useTranslation();
  const titleKey = error.code === undefined ? undefined : REFUSAL_TITLES[error.code];
  if (titleKey === undefined) return <ProblemAlert error={error} testId="consent-data-error" />;
  const refused = refusedItemsOf(error);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="consent-data-refused"
      data-code={error.code}
      title={t(titleKey)}
      description={
        <div>
          {/* the server's own sentence names items by code; the list below names them in the reader's language */}
          {refused.length === 0 && (error.detail ?? error.title) !== undefined && <div>{error.detail ?? error.title}</div>}
          {refused.length > 0 && (
            <div data-testid="consent-data-refused-items" style={{ marginTop: 8 }}>
              {t('consent.data.refusedItems')}
              {refused.map((code) => (
                <Tag key={code} color="warning">
                  {reference.itemName(code)}
                </Tag>
              ))}
            </div>
          )}
          <div style={{ marginTop: 8 }}>{t('consent.data.refusedHint')}</div>
        </div>
      }
    />
  );
}

function DataItemCard({ item, fieldNames }: { item: DataItem; fieldNames: Map<string, string> | undefined }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <Card
      size="small"
      data-testid="consent-data-item"
      data-item={item.code}
      title={
        <Space wrap>
          <span>{en ? item.nameEn : item.name}</span>
          <Tag>{item.level}</Tag>
          <Tag color="blue">{t(`consent.access.${item.access}`, { defaultValue: item.access })}</Tag>
        </Space>
      }
      extra={item.authorisationId === null ? undefined : <Typography.Text type="secondary" className="xr-mono">{t('consent.data.byAuthorisation', { id: item.authorisationId.slice(0, 8) })}</Typography.Text>}
    >
      {item.records.map((record) => (
        <Descriptions
          key={`${record.key}-${record.version}`}
          data-testid="consent-data-record"
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          style={{ marginBottom: 12 }}
          title={<Typography.Text type="secondary">{t('consent.data.recordHeading', { version: record.version, validFrom: record.validFrom?.slice(0, 10) })}</Typography.Text>}
          items={orderedFields(record.data, fieldNames).map(([code, value]) => {
            const masked = record.masked.includes(code);
            return {
              key: code,
              label: fieldNames?.get(code) ?? code,
              children: (
                <span data-testid={masked ? 'consent-data-masked' : undefined}>
                  {value === null ? '—' : typeof value === 'boolean' ? t(value ? 'consent.data.yes' : 'consent.data.no') : String(value)}
                  {masked && (
                    <Tooltip title={t('consent.data.maskedHint')}>
                      <Tag icon={<EyeInvisibleOutlined />} style={{ marginLeft: 6 }}>
                        {t('consent.data.masked')}
                      </Tag>
                    </Tooltip>
                  )}
                </span>
              ),
            };
          })}
        />
      ))}
    </Card>
  );
}

/** The record's fields in the catalog's order (fields the catalog no longer lists go last). */
function orderedFields<V>(data: Record<string, V>, names: Map<string, string> | undefined): [string, V][] {
  const known = [...(names?.keys() ?? [])].filter((code) => code in data);
  const rest = Object.keys(data).filter((code) => names?.has(code) !== true);
  return [...known, ...rest].map((code) => [code, data[code]]);
}
