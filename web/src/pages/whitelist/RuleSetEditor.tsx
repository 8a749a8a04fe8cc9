import { useEffect, useRef, useState } from 'react';
import type { ButtonProps } from 'antd';
import { Alert, Button, Card, Col, Drawer, Form, Grid, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/problem-request.ts';
import { publishWhitelistRules, type WhitelistRule, type WhitelistRuleSet, type WhitelistRuleSetDefinition } from '../../api/whitelist.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { paramKind, ruleSetProblems, textOf, type ParamKind } from './whitelist-format.ts';

/** Grades from best to worst (src/modules/whitelist/rules.ts GRADE_ORDER) and the registry size classes. */
const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-'] as const;
const SIZES = ['micro', 'small', 'medium', 'large'] as const;

interface RuleValues { enabled: boolean; zh: string; en: string; params: Record<string, unknown> }
interface EditorValues { source?: string; effectiveFrom?: string; rules: RuleValues[] }

/** What the form holds for a parameter: JSON as text, everything else as it is. */
const toField = (kind: ParamKind, value: unknown) => (kind === 'json' ? JSON.stringify(value, null, 2) : value);

/** A parameter back from the form, in the shape the rule set holds it. */
function fromField(kind: ParamKind, value: unknown): unknown {
  switch (kind) {
    case 'list': {
      const out: string[] = [];
      for (const v of (value as string[] | undefined) ?? []) if (v.trim() !== '' && !out.includes(v.trim())) out.push(v.trim());
      return out;
    }
    case 'json':
      return JSON.parse(String(value ?? 'null')) as unknown;
    case 'text':
      return String(value ?? '').trim();
    default:
      return value;
  }
}

interface Failure { title: string; lines: string[] }

/**
 * 编辑白名单规则 (op_admin): every rule of the active set with its switch, wording and parameters; publishing makes a new
 * version the active one. The server validates the set (mandatory rules stay on, parameters well-formed) and its
 * refusal is shown rule by rule.
 */
export function RuleSetEditor({ current, mandatory, onClose, onPublished }: {
  current: WhitelistRuleSet;
  mandatory: readonly string[];
  onClose: () => void;
  onPublished: (published: WhitelistRuleSet) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const language = currentLanguage();
  const [form] = Form.useForm<EditorValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const failureRef = useRef<HTMLDivElement>(null);
  // the refusal shows above the rules: bring it into view wherever the person had scrolled to
  useEffect(() => {
    if (failure !== undefined) failureRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [failure]);
  const rules = current.definition.rules;
  const kinds = rules.map((rule) => Object.fromEntries(Object.entries(rule.params ?? {}).map(([name, value]) => [name, paramKind(value)])));

  const initial: EditorValues = {
    source: current.definition.source,
    effectiveFrom: current.definition.effectiveFrom,
    rules: rules.map((rule, i) => ({
      enabled: rule.enabled, zh: rule.zh, en: rule.en,
      params: Object.fromEntries(Object.entries(rule.params ?? {}).map(([name, value]) => [name, toField(kinds[i][name], value)])),
    })),
  };

  function definitionOf(values: EditorValues): WhitelistRuleSetDefinition {
    const edited: WhitelistRule[] = rules.map((rule, i) => {
      const v = values.rules[i];
      const params: Record<string, unknown> = {};
      for (const [name, kind] of Object.entries(kinds[i])) {
        try {
          params[name] = fromField(kind, v.params?.[name]);
        } catch (error) {
          throw new Error(`${textOf(rule, language)} (${rule.id}) · ${t(`whitelist.param.${name}`, { defaultValue: name })}: ${t('whitelist.editor.jsonInvalid')} ${String(error)}`, { cause: error });
        }
      }
      return { id: rule.id, enabled: v.enabled, zh: v.zh.trim(), en: v.en.trim(), params };
    });
    const source = values.source?.trim();
    const effectiveFrom = values.effectiveFrom?.trim();
    return { ...(source ? { source } : {}), ...(effectiveFrom ? { effectiveFrom } : {}), rules: edited };
  }

  async function publish() {
    setFailure(undefined);
    let values: EditorValues;
    try {
      values = await form.validateFields();
    } catch (invalid) {
      // the form marks the fields; nothing is sent
      console.warn('rule set form incomplete', invalid);
      return;
    }
    let definition: WhitelistRuleSetDefinition;
    try {
      definition = definitionOf(values);
    } catch (error) {
      setFailure({ title: t('whitelist.editor.notSent'), lines: [error instanceof Error ? error.message : String(error)] });
      return;
    }
    setSaving(true);
    try {
      onPublished(await publishWhitelistRules(definition));
    } catch (error) {
      if (error instanceof ProblemError) {
        setFailure({ title: error.detail ?? error.title ?? t('error.generic'), lines: ruleSetProblems(error.problem, definition.rules, language) });
      } else {
        setFailure({ title: t('error.generic'), lines: [String(error)] });
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open
      size={screens.md === true ? 760 : '100%'}
      title={t('whitelist.editor.title', { version: current.version })}
      onClose={onClose}
      destroyOnHidden
      data-testid="whitelist-rules-editor"
      footer={(
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('whitelist.editor.cancel')}</Button>
          <Popconfirm title={t('whitelist.editor.confirm')} onConfirm={() => void publish()} okButtonProps={{ 'data-testid': 'whitelist-rules-confirm' } as ButtonProps}>
            <Button type="primary" loading={saving} data-testid="whitelist-rules-publish">{t('whitelist.editor.publish')}</Button>
          </Popconfirm>
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary">{t('whitelist.editor.intro')}</Typography.Paragraph>
      <div ref={failureRef} />
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="whitelist-rules-error"
          title={failure.title}
          description={failure.lines.length === 0 ? undefined : (
            <ul className="xr-plain-list">{failure.lines.map((line) => <li key={line} data-testid="whitelist-rules-problem">{line}</li>)}</ul>
          )}
        />
      )}
      <Form<EditorValues> form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="effectiveFrom" label={t('whitelist.rules.effectiveFrom')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('whitelist.editor.dateInvalid') }]}>
          <Input placeholder="YYYY-MM-DD" maxLength={10} style={{ maxWidth: 200 }} data-testid="whitelist-editor-effective" />
        </Form.Item>
        <Form.Item name="source" label={t('whitelist.rules.source')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {rules.map((rule, i) => (
            <Card
              key={rule.id}
              size="small"
              data-testid="whitelist-editor-rule"
              data-rule={rule.id}
              title={(
                <span style={{ whiteSpace: 'normal' }}>
                  {textOf(rule, language)} <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{rule.id}</Typography.Text>
                </span>
              )}
              extra={(
                <Space size={4}>
                  {mandatory.includes(rule.id) && <Tag color="red" title={t('whitelist.rules.mandatoryHint')}>{t('whitelist.rules.mandatory')}</Tag>}
                  <Form.Item name={['rules', i, 'enabled']} valuePropName="checked" noStyle>
                    <Switch checkedChildren={t('whitelist.rules.enabled')} unCheckedChildren={t('whitelist.rules.disabled')} data-testid="whitelist-editor-enabled" />
                  </Form.Item>
                </Space>
              )}
            >
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name={['rules', i, 'zh']} label={t('whitelist.editor.zh')} rules={[{ required: true, whitespace: true, message: t('whitelist.editor.textRequired') }]} style={{ marginBottom: 8 }}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['rules', i, 'en']} label={t('whitelist.editor.en')} rules={[{ required: true, whitespace: true, message: t('whitelist.editor.textRequired') }]} style={{ marginBottom: 8 }}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
              </Row>
              {Object.entries(kinds[i]).map(([name, kind]) => (
                <Form.Item
                  key={name}
                  name={['rules', i, 'params', name]}
                  label={<span>{t(`whitelist.param.${name}`, { defaultValue: name })} <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{name}</Typography.Text></span>}
                  valuePropName={kind === 'boolean' ? 'checked' : 'value'}
                  extra={kind === 'list' ? t('whitelist.editor.listHint') : undefined}
                  style={{ marginBottom: 8 }}
                >
                  {name === 'minGrade' ? <Select options={GRADES.map((g) => ({ value: g, label: g }))} virtual={false} listHeight={320} style={{ width: 120 }} data-testid={`whitelist-param-${name}`} />
                    : name === 'sizeClasses' ? <Select mode="multiple" options={SIZES.map((c) => ({ value: c, label: t(`sizeClass.${c}`) }))} data-testid={`whitelist-param-${name}`} />
                    : kind === 'list' ? <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid={`whitelist-param-${name}`} />
                    : kind === 'number' ? <InputNumber min={0} style={{ width: 160 }} data-testid={`whitelist-param-${name}`} />
                      : kind === 'boolean' ? <Switch />
                        : kind === 'text' ? <Input maxLength={200} style={{ maxWidth: 240 }} data-testid={`whitelist-param-${name}`} />
                          : <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} className="xr-mono" />}
                </Form.Item>
              ))}
            </Card>
          ))}
        </Space>
      </Form>
    </Drawer>
  );
}
