import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Industry } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';

interface IndustryNode {
  value: string;
  title: string;
  children?: IndustryNode[];
}

/**
 * GB/T 4754-2017 sections (门类) with their divisions (大类) nested under them, using the `section` each division
 * carries in the code list. Either level can be chosen.
 */
export function IndustrySelect({
  value,
  onChange,
  onError,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [sections, setSections] = useState<Industry[]>([]);
  const [divisions, setDivisions] = useState<Industry[]>([]);
  const english = currentLanguage() === 'en';

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      api<{ items: Industry[] }>('/codes/industries?level=section', { signal: controller.signal }),
      api<{ items: Industry[] }>('/codes/industries?level=division', { signal: controller.signal }),
    ]).then(
      ([sectionPage, divisionPage]) => {
        setSections(sectionPage.items);
        setDivisions(divisionPage.items);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) onError(error);
      },
    );
    return () => controller.abort();
  }, [onError]);

  const treeData = useMemo(() => {
    const label = (industry: Industry) =>
      `${industry.code} ${english && industry.nameEn !== '' ? industry.nameEn : industry.name}`;
    const bySection = new Map<string, IndustryNode>();
    const roots: IndustryNode[] = sections.map((section) => {
      const node: IndustryNode = { value: section.code, title: label(section), children: [] };
      bySection.set(section.code, node);
      return node;
    });
    for (const division of divisions) {
      const node: IndustryNode = { value: division.code, title: label(division) };
      const parent = division.section === undefined ? undefined : bySection.get(division.section);
      if (parent?.children === undefined) roots.push(node);
      else parent.children.push(node);
    }
    return roots;
  }, [sections, divisions, english]);

  return (
    <TreeSelect<string>
      treeData={treeData}
      value={value}
      onChange={(code) => onChange?.(code ?? undefined)}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('search.industryPlaceholder')}
      data-testid="entity-search-industry"
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
