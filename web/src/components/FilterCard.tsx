import type { ReactNode } from 'react';
import { Button, Card, Empty, Form, Skeleton, Space, type FormInstance } from 'antd';
import type { ApiError } from '../api/client.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/**
 * A list page's filter bar: inline fields, then search and reset. Search hands the form's values to `onSearch`; reset
 * clears the fields and searches with none.
 */
export function FilterCard<T extends object>({ form, onSearch, labels, testIds, initialValues, children }: {
  form: FormInstance<T>;
  /** the filters the page opened with (e.g. from its address) */
  initialValues?: Partial<T>;
  onSearch: (values: T) => void;
  labels: { search: string; reset: string };
  testIds: { form: string; search: string };
  children: ReactNode;
}) {
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" onFinish={onSearch} initialValues={initialValues} data-testid={testIds.form}>
        {children}
        <Space>
          <Button type="primary" htmlType="submit" data-testid={testIds.search}>{labels.search}</Button>
          <Button onClick={() => { form.resetFields(); onSearch({} as T); }}>{labels.reset}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** What a list shows before its items: the problem when loading failed, a skeleton while loading, a note when empty. */
export function ListState({ data, error, empty }: { data: { items: readonly unknown[] } | undefined; error: ApiError | undefined; empty: string }) {
  return (
    <>
      {error !== undefined && <ProblemAlert error={error} />}
      {data === undefined && error === undefined && <Skeleton active />}
      {data !== undefined && data.items.length === 0 && <Empty description={empty} />}
    </>
  );
}
