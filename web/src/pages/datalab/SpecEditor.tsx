import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/problem-request.ts';
import { checkSpec, createSpec, submitVersion, type CheckResult, type CleanroomSpec, type SpecProblem } from './datalab-api.ts';
import { SPEC_TEMPLATES } from './spec-templates.ts';

/** What the editor is working on: a new model, or a new version of an existing one. */
export interface EditorTarget { spec: CleanroomSpec | null; text: string }

function ProblemList({ items, testId, type }: { items: SpecProblem[]; testId: string; type: 'error' | 'warning' }) {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={items}
      renderItem={(p) => (
        <List.Item data-testid={`${testId}-item`} data-code={p.code}>
          <Space wrap>
            <Tag color={type === 'error' ? 'red' : 'orange'}>{p.code}</Tag>
            {p.path !== '' && <Typography.Text code>{p.path}</Typography.Text>}
            <span>{en ? p.en : p.zh}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * The spec editor (模型声明编辑): JSON in a text area, checked on the server (validation problems and leak rules)
 * before it is submitted; submitting a changed spec of an existing model makes a new version for approval.
 */
export function SpecEditor({ target, onSubmitted, onCancel }: { target: EditorTarget; onSubmitted: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [text, setText] = useState(target.text);
  const [result, setResult] = useState<CheckResult>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const parsed = (): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (error) {
      setFailure(t('datalab.editor.notJson', { error: error instanceof Error ? error.message : String(error) }));
      setResult(undefined);
      return { ok: false };
    }
  };

  async function check() {
    setFailure(undefined);
    const spec = parsed();
    if (!spec.ok) return;
    setBusy(true);
    try {
      setResult(await checkSpec(spec.value));
    } catch (error) {
      setFailure(error instanceof ProblemError ? (error.detail ?? error.title) : String(error));
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    setFailure(undefined);
    const spec = parsed();
    if (!spec.ok) return;
    if (target.spec === null && name.trim() === '') {
      setFailure(t('datalab.editor.nameRequired'));
      return;
    }
    setBusy(true);
    try {
      if (target.spec === null) await createSpec(name.trim(), description.trim(), spec.value);
      else await submitVersion(target.spec.id, spec.value);
      void message.success(t('datalab.editor.submitted'));
      onSubmitted();
    } catch (error) {
      if (error instanceof ProblemError) {
        const problems = (error.problem.problems ?? []) as SpecProblem[];
        const leaks = (error.problem.reasons ?? []) as SpecProblem[];
        if (problems.length > 0 || leaks.length > 0) setResult({ valid: false, problems, leaks, specSm3: null, items: [] });
        setFailure(error.detail ?? error.title);
      } else setFailure(String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={target.spec === null ? t('datalab.editor.newModel') : t('datalab.editor.newVersion', { name: target.spec.name })}
      data-testid="datalab-editor"
      extra={<Button onClick={onCancel} data-testid="datalab-editor-cancel">{t('datalab.editor.cancel')}</Button>}
    >
      <Form layout="vertical" style={{ maxWidth: 900 }}>
        {target.spec === null && (
          <>
            <Form.Item label={t('datalab.editor.name')} required>
              <Input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-testid="datalab-editor-name" />
            </Form.Item>
            <Form.Item label={t('datalab.editor.description')}>
              <Input value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} data-testid="datalab-editor-description" />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('datalab.editor.spec')} extra={t('datalab.editor.specHint')}>
          <Space style={{ marginBottom: 8 }} wrap>
            {SPEC_TEMPLATES.map((tpl) => (
              <Button key={tpl.key} size="small" onClick={() => setText(JSON.stringify(tpl.spec, null, 2))} data-testid={`datalab-template-${tpl.key}`}>
                {t(`datalab.editor.template.${tpl.key}`)}
              </Button>
            ))}
          </Space>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 12, maxRows: 30 }}
            spellCheck={false}
            className="xr-mono"
            data-testid="datalab-editor-spec"
          />
        </Form.Item>
        {failure !== undefined && <Alert type="error" showIcon title={failure} data-testid="datalab-editor-error" style={{ marginBottom: 12 }} />}
        {result !== undefined && result.problems.length > 0 && <ProblemList items={result.problems} testId="datalab-editor-problems" type="error" />}
        {result !== undefined && result.leaks.length > 0 && <ProblemList items={result.leaks} testId="datalab-editor-leaks" type="warning" />}
        {result?.valid === true && (
          <Alert
            type="success"
            showIcon
            data-testid="datalab-editor-valid"
            title={t('datalab.editor.valid')}
            description={<span className="xr-mono">SM3 {result.specSm3} · {t('datalab.editor.items')}: {result.items.join(', ') || '—'}</span>}
            style={{ marginBottom: 12 }}
          />
        )}
        <Space>
          <Button icon={<CheckCircleOutlined />} onClick={() => void check()} loading={busy} data-testid="datalab-editor-check">{t('datalab.editor.check')}</Button>
          <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} loading={busy} data-testid="datalab-editor-submit">{t('datalab.editor.submit')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
