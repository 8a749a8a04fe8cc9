import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ModelDefinition, ModelIndicator, ModelOutcome, ModelRule } from '../../api/evaluation.ts';
import { currentLanguage } from '../../i18n/index.ts';

interface IndicatorRow extends ModelIndicator {
  key: string;
  dimension: string;
  dimensionWeight: number;
  /** rows of one dimension merge its cells */
  span: number;
}

/** The outcomes of a rule in order, each with the condition that leads to it. */
function outcomesOf(rule: ModelRule): { when: string; outcome: ModelOutcome }[] {
  if (rule.type === 'bands') {
    let from: number | undefined;
    const out = rule.bands.map((band) => {
      const when = band.below === undefined ? (from === undefined ? '*' : `≥ ${from}`) : from === undefined ? `< ${band.below}` : `${from} – <${band.below}`;
      from = band.below;
      return { when, outcome: band as ModelOutcome };
    });
    return [...out, { when: '∅', outcome: rule.missing }];
  }
  if (rule.type === 'flag') return [{ when: '✓', outcome: rule.yes }, { when: '✗', outcome: rule.no }, { when: '∅', outcome: rule.missing }];
  return [
    ...Object.entries(rule.values).map(([value, outcome]) => ({ when: value, outcome })),
    { when: '…', outcome: rule.other },
    { when: '∅', outcome: rule.missing },
  ];
}

/** An indicator system as a table: dimension and weight, indicator and weight, and its bands with points. */
export function ModelStructure({ definition }: { definition: ModelDefinition }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const text = (x: { zh: string; en: string }) => (en ? x.en : x.zh);
  // outcome wording carries the feature's value as {value}; in the structure it stands for any value
  const outcomeText = (x: { zh: string; en: string }) => text(x).replaceAll('{value}', 'n');
  const rows: IndicatorRow[] = definition.dimensions.flatMap((d) =>
    d.indicators.map((indicator, i) => ({
      ...indicator, key: `${d.code}.${indicator.code}`, dimension: text(d), dimensionWeight: d.weight, span: i === 0 ? d.indicators.length : 0,
    })),
  );
  return (
    <div data-testid="evaluation-model-structure">
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('evaluation.model.scale')}>{definition.scale}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.model.grades')}>
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', rowGap: 4 }}>
            {definition.grades.map((g) => <Tag key={g.grade}>{`${g.grade} ≥ ${g.min} ${text(g)}`}</Tag>)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.model.caps')}>
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', rowGap: 4 }}>
            {definition.caps.length === 0 ? '—' : definition.caps.map((c) => <Tag key={c.code} color="red">{`${text(c)} → ≤ ${c.maxGrade}`}</Tag>)}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Table<IndicatorRow>
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        scroll={{ x: 900 }}
        columns={[
          { key: 'dimension', title: t('evaluation.model.dimension'), width: 160, onCell: (row) => ({ rowSpan: row.span }), render: (_v, row) => row.dimension },
          { key: 'dimensionWeight', title: t('evaluation.model.weight'), width: 70, align: 'right', onCell: (row) => ({ rowSpan: row.span }), render: (_v, row) => row.dimensionWeight },
          { key: 'indicator', title: t('evaluation.model.indicator'), width: 200, render: (_v, row) => <>{text(row)}<br /><Typography.Text type="secondary" className="xr-mono">{row.feature}</Typography.Text></> },
          { key: 'weight', title: t('evaluation.model.weight'), width: 70, align: 'right', render: (_v, row) => row.weight },
          {
            key: 'bands',
            title: t('evaluation.model.bands'),
            render: (_v, row) => (
              <div>
                {outcomesOf(row.rule).map(({ when, outcome }) => (
                  <div key={`${when}:${outcome.code}`}>
                    <Typography.Text code>{when}</Typography.Text> {outcomeText(outcome)} <Typography.Text strong>{outcome.points}</Typography.Text>
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
