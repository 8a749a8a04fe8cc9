import { useEffect, useState } from 'react';
import { App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { ProductRule } from '../../api/marketplace.ts';
import { createPolicy, POLICY_KINDS, POLICY_SECTIONS, saveDraft, type LoanRule, type Policy, type PolicyDraft, type PolicyKind } from '../../api/policies.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { bpToPercent, fenToYuanText, percentToBp, yuanToFen } from '../marketplace/money.ts';
import { fromRule, RuleBuilder, toRule, type RuleValues } from '../marketplace/RuleBuilder.tsx';
import { useMarketplaceOptions } from '../marketplace/shared.tsx';

/** The form's values: money in yuan and rates in percent as typed (converted as text, never through a float). */
interface Values {
  name: string; kind: PolicyKind; authority: string; regionPrefixes: string[]; validFrom: string; validTo: string; budgetYuan: string;
  ratePercent?: string; maxDays?: number; sharePercent?: string; feeRateCapPercent?: string; capYuan: string;
  rules: RuleValues[]; securities?: string[]; amountMinYuan?: string; amountMaxYuan?: string; rateCapPercent?: string; termMin?: number; termMax?: number;
  categories?: string[]; sections?: string[]; requiredMaterials?: string[]; summary?: string; source?: string;
}

const SECURITIES = ['credit', 'guarantee', 'pledge', 'mortgage'];
const CATEGORIES = ['bank', 'guarantor', 'insurer', 'micro_lender', 'leasing', 'factoring'];
const plain = (fen: string) => fenToYuanText(fen).replace(/,/g, '');

function toValues(p: Policy | null): Partial<Values> {
  if (!p) return { kind: 'interest_subsidy', regionPrefixes: [], rules: [], sections: [], requiredMaterials: [], maxDays: 365 };
  const lr = (k: string) => p.loanRules.find((r) => r.rule === k) as (LoanRule & Record<string, never>) | undefined;
  const f = p.formula;
  return {
    name: p.name, kind: p.kind, authority: p.authority, regionPrefixes: p.regionPrefixes, validFrom: p.validFrom, validTo: p.validTo, budgetYuan: plain(p.budgetFen),
    ratePercent: f.rateBp !== undefined ? bpToPercent(f.rateBp) : undefined, maxDays: f.maxDays, sharePercent: f.shareBp !== undefined ? bpToPercent(f.shareBp) : undefined,
    feeRateCapPercent: f.feeRateCapBp !== undefined ? bpToPercent(f.feeRateCapBp) : undefined, capYuan: plain(f.capFen),
    rules: p.enterpriseRules.map((r) => fromRule(r as ProductRule)),
    securities: lr('security')?.securities, amountMinYuan: lr('amount')?.minFen ? plain(String(lr('amount')?.minFen)) : undefined,
    amountMaxYuan: lr('amount')?.maxFen ? plain(String(lr('amount')?.maxFen)) : undefined, rateCapPercent: lr('rate_cap') ? bpToPercent(Number(lr('rate_cap')?.maxBp)) : undefined,
    termMin: lr('term')?.minMonths, termMax: lr('term')?.maxMonths, categories: lr('institution_category')?.categories,
    sections: p.sections, requiredMaterials: p.requiredMaterials, summary: p.summary, source: p.source,
  };
}

/** Form values → the draft the server validates (bad numbers are passed on as typed so the server names them). */
function toDraft(v: Values): PolicyDraft {
  const bp = (s?: string) => (s ? percentToBp(s) ?? Number.NaN : undefined);
  const formula = v.kind === 'interest_subsidy'
    ? { rateBp: bp(v.ratePercent), maxDays: v.maxDays, capFen: yuanToFen(v.capYuan ?? '') ?? v.capYuan }
    : { shareBp: bp(v.sharePercent), ...(v.kind === 'guarantee_fee_subsidy' && v.feeRateCapPercent ? { feeRateCapBp: bp(v.feeRateCapPercent) } : {}), capFen: yuanToFen(v.capYuan ?? '') ?? v.capYuan };
  const loanRules: LoanRule[] = [];
  if (v.securities?.length) loanRules.push({ rule: 'security', securities: v.securities });
  if (v.amountMinYuan || v.amountMaxYuan) {
    loanRules.push({ rule: 'amount', ...(v.amountMinYuan ? { minFen: yuanToFen(v.amountMinYuan) ?? v.amountMinYuan } : {}), ...(v.amountMaxYuan ? { maxFen: yuanToFen(v.amountMaxYuan) ?? v.amountMaxYuan } : {}) });
  }
  if (v.rateCapPercent) loanRules.push({ rule: 'rate_cap', maxBp: bp(v.rateCapPercent) });
  if (v.termMin || v.termMax) loanRules.push({ rule: 'term', ...(v.termMin ? { minMonths: v.termMin } : {}), ...(v.termMax ? { maxMonths: v.termMax } : {}) });
  if (v.categories?.length) loanRules.push({ rule: 'institution_category', categories: v.categories });
  return {
    name: v.name, kind: v.kind, authority: v.authority, regionPrefixes: v.regionPrefixes ?? [], validFrom: v.validFrom, validTo: v.validTo,
    budgetFen: yuanToFen(v.budgetYuan ?? '') ?? v.budgetYuan, formula: formula as PolicyDraft['formula'],
    enterpriseRules: (v.rules ?? []).map(toRule) as PolicyDraft['enterpriseRules'], loanRules, sections: v.sections ?? [], requiredMaterials: v.requiredMaterials ?? [],
    summary: v.summary ?? '', source: v.source ?? '',
  };
}

/** 政策编辑: drafts a policy or its next version — facts, formula, enterprise rules (the marketplace rule builder) and loan rules. */
export function PolicyEditor({ policy, open, onClose, onSaved }: { policy: Policy | null; open: boolean; onClose: () => void; onSaved: (p: Policy) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const options = useMarketplaceOptions();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue(toValues(policy) as Values); setProblem(null); } }, [open, policy, form]);

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const draft = toDraft(v);
      const saved = policy ? await saveDraft(policy.id, draft) : await createPolicy(draft);
      void message.success(t('policies.editor.saved', { version: saved.version }));
      onSaved(saved);
    } catch (error) {
      setProblem(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
    } finally {
      setBusy(false);
    }
  }

  const req = [{ required: true }];
  return (
    <Drawer open={open} onClose={onClose} width={760} title={policy ? t('policies.editor.edit', { name: policy.name }) : t('policies.editor.new')} destroyOnHidden
      extra={<Button type="primary" loading={busy} onClick={() => void save()} data-testid="policy-editor-save">{t('policies.editor.save')}</Button>}>
      {problem && <Typography.Paragraph type="danger" data-testid="policy-editor-problem">{problem}</Typography.Paragraph>}
      <Form form={form} layout="vertical" data-testid="policy-editor">
        <Row gutter={12}>
          <Col span={24}><Form.Item name="name" label={t('policies.field.name')} rules={req}><Input data-testid="policy-name-input" /></Form.Item></Col>
          <Col span={12}><Form.Item name="kind" label={t('policies.field.kind')} rules={req}><Select data-testid="policy-kind-input" options={POLICY_KINDS.map((k) => ({ value: k, label: t(`policies.kinds.${k}`) }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="authority" label={t('policies.field.authority')} rules={req}><Input data-testid="policy-authority-input" /></Form.Item></Col>
          <Col span={24}><Form.Item name="regionPrefixes" label={t('policies.field.regions')} extra={t('policies.editor.regionsHelp')} rules={req}><Select mode="tags" tokenSeparators={[',', ' ']} data-testid="policy-regions-input" /></Form.Item></Col>
          <Col span={8}><Form.Item name="validFrom" label={t('policies.field.validFrom')} rules={req}><Input placeholder="2026-01-01" data-testid="policy-from-input" /></Form.Item></Col>
          <Col span={8}><Form.Item name="validTo" label={t('policies.field.validTo')} rules={req}><Input placeholder="2027-12-31" data-testid="policy-to-input" /></Form.Item></Col>
          <Col span={8}><Form.Item name="budgetYuan" label={t('policies.field.budgetYuan')} rules={req}><Input data-testid="policy-budget-input" /></Form.Item></Col>
        </Row>
        <Typography.Title level={5}>{t('policies.formula.card')}</Typography.Title>
        <Row gutter={12}>
          {kind === 'interest_subsidy' ? (
            <>
              <Col span={8}><Form.Item name="ratePercent" label={t('policies.formula.rate')} rules={req}><Input suffix="%" data-testid="policy-rate-input" /></Form.Item></Col>
              <Col span={8}><Form.Item name="maxDays" label={t('policies.formula.maxDays')} rules={req}><InputNumber min={1} max={1095} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            </>
          ) : (
            <>
              <Col span={8}><Form.Item name="sharePercent" label={t('policies.formula.share')} rules={req}><Input suffix="%" data-testid="policy-share-input" /></Form.Item></Col>
              {kind === 'guarantee_fee_subsidy' && <Col span={8}><Form.Item name="feeRateCapPercent" label={t('policies.formula.feeRateCap')}><Input suffix="%" /></Form.Item></Col>}
            </>
          )}
          <Col span={8}><Form.Item name="capYuan" label={t('policies.formula.capYuan')} rules={req}><Input data-testid="policy-cap-input" /></Form.Item></Col>
        </Row>
        <Typography.Title level={5}>{t('policies.editor.enterpriseRules')}</Typography.Title>
        {options.data && <RuleBuilder options={options.data} />}
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('policies.editor.loanRules')}</Typography.Title>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="securities" label={t('policies.editor.securities')}><Select mode="multiple" data-testid="policy-securities-input" options={SECURITIES.map((s) => ({ value: s, label: t(`policies.security.${s}`) }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="categories" label={t('policies.editor.categories')}><Select mode="multiple" options={CATEGORIES.map((c) => ({ value: c, label: t(`policies.category.${c}`) }))} /></Form.Item></Col>
          <Col span={6}><Form.Item name="amountMinYuan" label={t('policies.editor.amountMin')}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="amountMaxYuan" label={t('policies.editor.amountMax')}><Input /></Form.Item></Col>
          <Col span={4}><Form.Item name="rateCapPercent" label={t('policies.editor.rateCap')}><Input suffix="%" /></Form.Item></Col>
          <Col span={4}><Form.Item name="termMin" label={t('policies.editor.termMin')}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={4}><Form.Item name="termMax" label={t('policies.editor.termMax')}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Form.Item name="sections" label={t('policies.field.sections')}><Select mode="multiple" options={POLICY_SECTIONS.map((s) => ({ value: s, label: t(`policies.sections.${s}`) }))} /></Form.Item>
        <Form.Item name="requiredMaterials" label={t('policies.field.materials')}><Select mode="tags" tokenSeparators={[',']} data-testid="policy-materials-input" /></Form.Item>
        <Form.Item name="summary" label={t('policies.field.summary')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Form.Item name="source" label={t('policies.field.source')}><Input maxLength={500} /></Form.Item>
      </Form>
      <Space />
    </Drawer>
  );
}
