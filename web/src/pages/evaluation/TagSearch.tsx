import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Page, TagFilter, TagSearchHit } from '../../api/evaluation.ts';
import { EVALUATION_PATHS, GRADE_FILTERS, PROFILE_TAGS } from '../../api/evaluation.ts';
import { api, ApiError } from '../../api/client.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { GradeTag, tagLabel } from './EvaluationProfile.tsx';

const PAGE_SIZE = 20;
const SIZE_TAGS = ['size:large', 'size:medium', 'size:small', 'size:micro'] as const;

/** 标签检索: evaluated enterprises by profile tag, region and grade, a page at a time; a row opens the profile. */
export function TagSearch({ onOpen }: { onOpen: (hit: TagSearchHit) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TagFilter>();
  const [items, setItems] = useState<TagSearchHit[]>();
  const [next, setNext] = useState<string | null>(null);
  const [filter, setFilter] = useState<TagFilter>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function load(wanted: TagFilter, cursor: string | null) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await api<Page<TagSearchHit>>(EVALUATION_PATHS.tags(wanted, cursor, PAGE_SIZE));
      setItems((before) => (cursor === null ? page.items : [...(before ?? []), ...page.items]));
      setNext(page.nextCursor);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setLoading(false);
    }
  }

  function search(values: TagFilter) {
    const wanted: TagFilter = {
      tag: values.tag || undefined,
      region: values.region?.trim() || undefined,
      grade: values.grade || undefined,
    };
    setFilter(wanted);
    void load(wanted, null);
  }

  return (
    <Card title={t('evaluation.search.title')} data-testid="evaluation-tag-search">
      <Form<TagFilter> form={form} layout="inline" onFinish={search} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item name="tag" label={t('evaluation.search.tag')}>
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 200 }}
            placeholder={t('evaluation.search.anyTag')}
            options={[...PROFILE_TAGS, ...SIZE_TAGS].map((code) => ({ value: code, label: tagLabel(t, code) }))}
            data-testid="evaluation-search-tag"
          />
        </Form.Item>
        <Form.Item name="region" label={t('evaluation.search.region')} rules={[{ pattern: /^[0-9]{2,6}$/, message: t('evaluation.search.regionInvalid') }]}>
          <Input style={{ width: 140 }} placeholder={t('evaluation.search.regionPlaceholder')} maxLength={6} data-testid="evaluation-search-region" />
        </Form.Item>
        <Form.Item name="grade" label={t('evaluation.search.grade')}>
          <Select<string>
            allowClear
            style={{ width: 110 }}
            placeholder={t('evaluation.search.anyGrade')}
            options={GRADE_FILTERS.map((g) => ({ value: g, label: g }))}
            data-testid="evaluation-search-grade"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} data-testid="evaluation-search-submit">
            {t('evaluation.search.submit')}
          </Button>
        </Form.Item>
      </Form>
      {error !== undefined && <ProblemAlert error={error} testId="evaluation-search-error" />}
      {items !== undefined && (
        <>
          <Table<TagSearchHit>
            size="small"
            rowKey="uscc"
            loading={loading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 860 }}
            locale={{ emptyText: t('evaluation.search.empty') }}
            data-testid="evaluation-search-results"
            onRow={(hit) => ({ 'data-testid': 'evaluation-search-row', 'data-uscc': hit.uscc, onClick: () => onOpen(hit), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'name', title: t('evaluation.search.name'), render: (_v, hit) => <a>{hit.name}</a> },
              { key: 'uscc', title: t('evaluation.profile.uscc'), render: (_v, hit) => <span className="xr-mono">{hit.uscc}</span> },
              { key: 'region', title: t('evaluation.search.region'), render: (_v, hit) => hit.regionCode },
              { key: 'score', title: t('evaluation.profile.score'), align: 'right', render: (_v, hit) => hit.score },
              { key: 'grade', title: t('evaluation.profile.grade'), render: (_v, hit) => <GradeTag grade={hit.grade} /> },
              {
                key: 'tags',
                title: t('evaluation.profile.tags'),
                render: (_v, hit) => (
                  <Space wrap size={[4, 4]}>
                    {hit.tags.filter((code) => !code.startsWith('region:') && !code.startsWith('industry:')).map((code) => <Tag key={code}>{tagLabel(t, code)}</Tag>)}
                  </Space>
                ),
              },
              { key: 'at', title: t('evaluation.profile.computedAt'), render: (_v, hit) => formatTimestamp(hit.computedAt) },
            ]}
          />
          {next !== null && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button onClick={() => void load(filter, next)} loading={loading} data-testid="evaluation-search-more">
                {t('evaluation.search.more')}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
