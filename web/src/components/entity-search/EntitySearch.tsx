import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../../api/client.ts';
import { ENTITY_STATUSES, ENTITY_TYPES, SIZE_CLASSES } from '../../api/types.ts';
import type { EntitySummary, Page } from '../../api/types.ts';
import { codeLabel } from '../labels.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { EntityDetailDrawer } from './EntityDetailDrawer.tsx';
import { EntityResults } from './EntityResults.tsx';
import { IndustrySelect } from './IndustrySelect.tsx';
import { RegionCascader } from './RegionCascader.tsx';

interface SearchForm {
  q?: string;
  uscc?: string;
  region?: string[];
  industry?: string;
  size?: string;
  status?: string;
  type?: string;
}

const PAGE_SIZE = 20;

function filtersOf(form: SearchForm): Record<string, string | undefined> {
  return {
    q: form.q?.trim(),
    uscc: form.uscc?.trim(),
    region: form.region?.[form.region.length - 1],
    industry: form.industry,
    size: form.size,
    status: form.status,
    type: form.type,
  };
}

/** Entity registry search (C1) with cursor pagination and a detail drawer; shared by operator and institution. */
/** `detailExtra`: what a portal adds under an entity's details (the operator: the enterprise's platform accounts). */
export function EntitySearch({ detailExtra }: { detailExtra?: (uscc: string) => ReactNode } = {}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SearchForm>();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [items, setItems] = useState<EntitySummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [codesError, setCodesError] = useState<ApiError>();
  const [openUscc, setOpenUscc] = useState<string | null>(null);
  const request = useRef<AbortController | null>(null);

  const fetchPage = useCallback((nextFilters: Record<string, string | undefined>, cursor: string | null) => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    setLoading(true);
    setError(undefined);
    api<Page<EntitySummary>>(`/entities${query({ ...nextFilters, cursor, limit: PAGE_SIZE })}`, {
      signal: controller.signal,
    }).then(
      (page) => {
        setItems((current) => (cursor === null ? page.items : [...current, ...page.items]));
        setNextCursor(page.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    fetchPage({}, null);
    return () => request.current?.abort();
  }, [fetchPage]);

  const onCodesError = useCallback((failure: unknown) => {
    setCodesError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
  }, []);

  const search = (values: SearchForm) => {
    const next = filtersOf(values);
    setFilters(next);
    setItems([]);
    setNextCursor(null);
    fetchPage(next, null);
  };

  const options = (group: string, codes: readonly string[]) =>
    codes.map((code) => ({ value: code, label: codeLabel(t, group, code) }));

  return (
    <div className="xr-stack" data-testid="entity-search">
      <Card>
        <Form<SearchForm> form={form} layout="vertical" onFinish={search} data-testid="entity-search-form">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="q" label={t('search.q')}>
                <Input allowClear placeholder={t('search.qPlaceholder')} data-testid="entity-search-q" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="uscc" label={t('entity.field.uscc')}>
                <Input allowClear maxLength={18} placeholder={t('search.usccPlaceholder')} data-testid="entity-search-uscc" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="region" label={t('entity.field.region')}>
                <RegionCascader onError={onCodesError} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="industry" label={t('entity.field.industry')}>
                <IndustrySelect onError={onCodesError} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={5}>
              <Form.Item name="size" label={t('entity.field.sizeClass')}>
                <Select allowClear placeholder={t('search.any')} options={options('sizeClass', SIZE_CLASSES)} data-testid="entity-search-size" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={5}>
              <Form.Item name="status" label={t('entity.field.status')}>
                <Select allowClear placeholder={t('search.any')} options={options('status', ENTITY_STATUSES)} data-testid="entity-search-status" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8} lg={6}>
              <Form.Item name="type" label={t('entity.field.entityType')}>
                <Select allowClear placeholder={t('search.any')} options={options('entityType', ENTITY_TYPES)} data-testid="entity-search-type" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} data-testid="entity-search-submit">
              {t('search.submit')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              data-testid="entity-search-reset"
              onClick={() => {
                form.resetFields();
                search({});
              }}
            >
              {t('search.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      {codesError !== undefined && (
        <Alert type="warning" showIcon title={t('search.codesUnavailable')} description={codesError.detail ?? codesError.title} />
      )}
      {error !== undefined && <ProblemAlert error={error} testId="entity-search-error" />}
      <Card>
        <div className="xr-stack">
          <EntityResults items={items} loading={loading} onOpen={setOpenUscc} />
          <Space wrap>
            <Typography.Text type="secondary" data-testid="entity-count">
              {t('search.loaded', { count: items.length })}
            </Typography.Text>
            {nextCursor !== null ? (
              <Button onClick={() => fetchPage(filters, nextCursor)} loading={loading} data-testid="entity-load-more">
                {t('search.loadMore')}
              </Button>
            ) : (
              items.length > 0 && <Typography.Text type="secondary">{t('search.noMore')}</Typography.Text>
            )}
          </Space>
        </div>
      </Card>
      <EntityDetailDrawer uscc={openUscc} onClose={() => setOpenUscc(null)} extra={detailExtra} />
    </div>
  );
}
