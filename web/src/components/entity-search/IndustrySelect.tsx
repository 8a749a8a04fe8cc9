import { useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Industry } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';

/**
 * GB/T 4754-2017 sections (门类, A–T) and divisions (大类, 01–97) as two option groups. Which division belongs
 * to which section is the standard's business, not the browser's: the code list API does not say, so the UI
 * does not guess.
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

  const options = useMemo(() => {
    const option = (industry: Industry) => ({
      value: industry.code,
      label: `${industry.code} ${english && industry.nameEn !== '' ? industry.nameEn : industry.name}`,
    });
    return [
      { label: t('search.industrySections'), title: 'sections', options: sections.map(option) },
      { label: t('search.industryDivisions'), title: 'divisions', options: divisions.map(option) },
    ];
  }, [sections, divisions, english, t]);

  return (
    <Select<string>
      options={options}
      value={value}
      onChange={(code) => onChange?.(code ?? undefined)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('search.industryPlaceholder')}
      data-testid="entity-search-industry"
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
