import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/problem-request.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { fenToYuanText } from '../marketplace/money.ts';
import { publishRules, SEVERITIES, SEVERITY_COLORS, type LevelRule, type RuleSetDefinition, type RuleSetVersion, type ScreeningRule, type Severity } from './monitoring-api.ts';

interface Problem { path: string; zh: string; en: string }

/** The condition of a rule in words, with its parameter editable where it has one. */
function ConditionCell({ rule, admin, onChange }: { rule: ScreeningRule; admin: boolean; onChange: (r: ScreeningRule) => void }) {
  const { t } = useTranslation();
  const c = rule.condition;
  const number = (key: 'minDrop' | 'days' | 'minSteps') => (
    <InputNumber size="small" min={1} max={3660} value={c[key]} disabled={!admin} data-testid={`monitoring-rule-param-${rule.id}`}
      onChange={(v) => onChange({ ...rule, condition: { ...c, [key]: v ?? undefined } })} style={{ width: 90 }} />
  );
  return (
    <Space size={4} wrap>
      <Tag>{t(`monitoring.condition.${c.type}`)}</Tag>
      {c.field !== undefined && <span className="xr-mono">{c.field}</span>}
      {c.type === 'field_in' && (
        <Select size="small" mode="tags" style={{ minWidth: 160 }} disabled={!admin} value={(c.values ?? []).map(String)}
          onChange={(values: string[]) => onChange({ ...rule, condition: { ...c, values: values.map((v) => (v === 'true' ? true : v === 'false' ? false : v)) } })} />
      )}
      {c.type === 'number_drop' && number('minDrop')}
      {c.type === 'date_older_than' && <>{number('days')}{t('monitoring.rules.daysUnit')}</>}
      {c.type === 'grade_drop' && <>{number('minSteps')}{t('monitoring.rules.stepsUnit')}</>}
    </Space>
  );
}

/**
 * 预警规则 (operator): the active version's screening rules (switch, severity, wording, parameter) and levels (retention);
 * op_admin publishes the edited set as a new version. The server validates it against the catalog and refuses it
 * problem by problem (shown here with their paths).
 */
export function RuleEditor({ active, versions, admin, onPublished }: { active: RuleSetVersion; versions: RuleSetVersion[]; admin: boolean; onPublished: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const en = i18n.language.startsWith('en');
  const [draft, setDraft] = useState<RuleSetDefinition>(active.definition);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<Problem[]>();
  const [failure, setFailure] = useState<string>();
  const setRule = (i: number, r: ScreeningRule) => setDraft((d) => ({ ...d, rules: d.rules.map((x, j) => (j === i ? r : x)) }));
  const setLevel = (i: number, l: LevelRule) => setDraft((d) => ({ ...d, levels: d.levels.map((x, j) => (j === i ? l : x)) }));

  async function publish() {
    setSaving(true);
    setProblems(undefined);
    setFailure(undefined);
    try {
      const published = await publishRules(draft);
      void message.success(t('monitoring.rules.published', { version: published.version }));
      onPublished();
    } catch (error) {
      if (error instanceof ProblemError && Array.isArray(error.problem.problems)) setProblems(error.problem.problems as Problem[]);
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="xr-stack" data-testid="monitoring-rule-editor" data-version={active.version}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { key: 'version', label: t('monitoring.rules.version'), children: <span data-testid="monitoring-rules-version">{active.version}</span> },
        { key: 'by', label: t('monitoring.rules.publishedBy'), children: `${active.createdBy} · ${formatTimestamp(active.createdAt)}` },
        { key: 'effective', label: t('monitoring.rules.effectiveFrom'), children: active.definition.effectiveFrom ?? '—' },
        { key: 'source', label: t('monitoring.rules.source'), children: active.definition.source ?? '—', span: 3 },
      ]} />
      {failure !== undefined && (
        <Alert type="error" showIcon title={failure} data-testid="monitoring-rules-problems"
          description={problems && <ul>{problems.map((p) => <li key={p.path}><span className="xr-mono">{p.path}</span> {en ? p.en : p.zh}</li>)}</ul>} />
      )}
      <Card title={t('monitoring.rules.screening')}>
        <Table<ScreeningRule> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={draft.rules}
          onRow={(r) => ({ 'data-testid': 'monitoring-rule-row', 'data-rule': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'enabled', title: t('monitoring.rules.enabled'), render: (_v, r, i) => <Switch size="small" checked={r.enabled} disabled={!admin} onChange={(on) => setRule(i, { ...r, enabled: on })} data-testid="monitoring-rule-enabled" /> },
            { key: 'item', title: t('monitoring.rules.item'), render: (_v, r) => <span className="xr-mono">{r.item}</span> },
            { key: 'condition', title: t('monitoring.rules.condition'), render: (_v, r, i) => <ConditionCell rule={r} admin={admin} onChange={(x) => setRule(i, x)} /> },
            {
              key: 'severity', title: t('monitoring.alert.severity'),
              render: (_v, r, i) => admin
                ? <Select<Severity> size="small" value={r.severity} style={{ width: 100 }} onChange={(s) => setRule(i, { ...r, severity: s })} options={SEVERITIES.map((s) => ({ value: s, label: t(`monitoring.severity.${s}`) }))} data-testid="monitoring-rule-severity" />
                : <Tag color={SEVERITY_COLORS[r.severity]}>{t(`monitoring.severity.${r.severity}`)}</Tag>,
            },
            { key: 'zh', title: t('monitoring.rules.titleZh'), render: (_v, r, i) => <Input size="small" value={r.zh} disabled={!admin} onChange={(e) => setRule(i, { ...r, zh: e.target.value })} style={{ minWidth: 200 }} /> },
            { key: 'en', title: t('monitoring.rules.titleEn'), render: (_v, r, i) => <Input size="small" value={r.en} disabled={!admin} onChange={(e) => setRule(i, { ...r, en: e.target.value })} style={{ minWidth: 200 }} /> },
          ]} />
      </Card>
      <Card title={t('monitoring.rules.levels')}>
        <Typography.Paragraph type="secondary">{t('monitoring.rules.levelsIntro')}</Typography.Paragraph>
        <Table<LevelRule> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={draft.levels}
          columns={[
            { key: 'name', title: t('monitoring.levels.level'), render: (_v, l) => <Tag>{en ? l.en : l.zh}</Tag> },
            {
              key: 'when', title: t('monitoring.rules.when'),
              render: (_v, l) => <Space orientation="vertical" size={0}>{l.when.map((w, j) => (
                <span key={j}>{[
                  w.minOverdueDays !== undefined ? t('monitoring.rules.whenOverdue', { days: w.minOverdueDays }) : null,
                  w.minDefaults !== undefined ? t('monitoring.rules.whenDefaults', { n: w.minDefaults }) : null,
                  w.minTroubledAmountFen !== undefined ? t('monitoring.rules.whenAmount', { amount: fenToYuanText(w.minTroubledAmountFen) }) : null,
                ].filter(Boolean).join(t('monitoring.rules.and'))}</span>
              ))}</Space>,
            },
            { key: 'retain', title: t('monitoring.rules.retainDays'), render: (_v, l, i) => <InputNumber size="small" min={0} max={3650} value={l.retainDays} disabled={!admin} onChange={(v) => setLevel(i, { ...l, retainDays: v ?? 0 })} data-testid={`monitoring-level-retain-${l.id}`} /> },
            {
              key: 'consequences', title: t('monitoring.rules.consequences'),
              render: (_v, l, i) => (
                <Select size="small" mode="multiple" style={{ minWidth: 220 }} disabled={!admin} value={l.consequences}
                  onChange={(c: string[]) => setLevel(i, { ...l, consequences: c })}
                  options={['shown_to_institutions', 'refuse_new_applications'].map((c) => ({ value: c, label: t(`monitoring.consequence.${c}`) }))} />
              ),
            },
          ]} />
      </Card>
      {admin && (
        <Space>
          <Button type="primary" loading={saving} onClick={() => void publish()} data-testid="monitoring-rules-publish">{t('monitoring.rules.publish')}</Button>
          <Button onClick={() => { setDraft(active.definition); setProblems(undefined); setFailure(undefined); }}>{t('monitoring.rules.reset')}</Button>
        </Space>
      )}
      {!admin && <Typography.Text type="secondary">{t('monitoring.rules.readOnly')}</Typography.Text>}
      <Typography.Text type="secondary">{t('monitoring.rules.versions', { versions: versions.map((v) => `v${v.version}`).join(', ') })}</Typography.Text>
    </div>
  );
}
