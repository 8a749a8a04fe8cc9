import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import type { CascaderProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { Region } from '../../api/types.ts';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

const toOption = (region: Region): RegionOption => ({
  value: region.code,
  label: region.name,
  isLeaf: region.level === 'county',
});

/**
 * Province → prefecture → county, each level loaded on demand from the GB/T 2260 code list.
 * Any level can be chosen; the value is the code of the deepest level picked.
 */
export function RegionCascader({
  value,
  onChange,
  onError,
}: {
  value?: string[];
  onChange?: (path: string[] | undefined) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<RegionOption[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    api<{ items: Region[] }>('/codes/regions', { signal: controller.signal }).then(
      (page) => setOptions(page.items.map(toOption)),
      (error: unknown) => {
        if (!controller.signal.aborted) onError(error);
      },
    );
    return () => controller.abort();
  }, [onError]);

  const loadData: CascaderProps<RegionOption>['loadData'] = (selected) => {
    const target = selected[selected.length - 1];
    api<{ items: Region[] }>(`/codes/regions${query({ parent: target.value })}`).then(
      (page) => {
        target.children = page.items.map(toOption);
        if (page.items.length === 0) target.isLeaf = true;
        setOptions((current) => [...current]);
      },
      onError,
    );
  };

  return (
    <Cascader<RegionOption>
      options={options}
      loadData={loadData}
      changeOnSelect
      allowClear
      value={value}
      onChange={(path) => onChange?.(path === undefined || path.length === 0 ? undefined : path.map(String))}
      placeholder={t('search.regionPlaceholder')}
      data-testid="entity-search-region"
      style={{ width: '100%' }}
    />
  );
}
