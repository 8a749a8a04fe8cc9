import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../api/client.ts';
import { createSpecFromTraining, type PrivacyJob } from './datalab-api.ts';

interface Values { name: string; intercept: number; cutoffs: { band: string; min?: number | null }[] }

/**
 * 用于数据安全屋: a finished federated training becomes a clean-room model — the platform's part as learnt, with the
 * institution's own intercept and decision bands — submitted for the operator's approval like any model.
 */
export function FromTrainingModal({ training, onClose, onSubmitted }: { training: PrivacyJob; onClose: () => void; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const cutoffs = values.cutoffs.map((c, i) => (i === values.cutoffs.length - 1 ? { band: c.band } : { band: c.band, min: c.min ?? null }));
      await createSpecFromTraining({ trainingId: training.id, name: values.name, intercept: values.intercept, cutoffs });
      onSubmitted();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('datalab.fromTraining.title')} onCancel={onClose} footer={null} destroyOnHidden data-testid="datalab-from-training">
      <Typography.Paragraph type="secondary">{t('datalab.fromTraining.intro')}</Typography.Paragraph>
      {error !== undefined && <ProblemAlert error={error} testId="datalab-from-training-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ name: '', intercept: 0, cutoffs: [{ band: 'A', min: 0.6 }, { band: 'B', min: 0.3 }, { band: 'C' }] }}
      >
        <Form.Item name="name" label={t('datalab.fromTraining.name')} rules={[{ required: true, whitespace: true, message: t('datalab.fromTraining.nameRequired') }]}>
          <Input maxLength={80} data-testid="datalab-from-training-name" />
        </Form.Item>
        <Form.Item name="intercept" label={t('datalab.fromTraining.intercept')} extra={t('datalab.fromTraining.interceptHelp')} rules={[{ required: true }]}>
          <InputNumber step={0.01} style={{ width: '100%' }} data-testid="datalab-from-training-intercept" />
        </Form.Item>
        <Typography.Text strong>{t('datalab.fromTraining.cutoffs')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('datalab.fromTraining.cutoffsHelp')}</Typography.Paragraph>
        <Form.List name="cutoffs">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'band']} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('datalab.fromTraining.bandInvalid') }]}>
                    <Input placeholder={t('datalab.fromTraining.band')} style={{ width: 110 }} />
                  </Form.Item>
                  {i < fields.length - 1 ? (
                    <Form.Item name={[field.name, 'min']} rules={[{ required: true, message: t('datalab.fromTraining.minRequired') }]}>
                      <InputNumber min={0} max={1} step={0.05} placeholder={t('datalab.fromTraining.min')} style={{ width: 130 }} />
                    </Form.Item>
                  ) : (
                    <Typography.Text type="secondary">{t('datalab.fromTraining.floor')}</Typography.Text>
                  )}
                  {fields.length > 1 && <MinusCircleOutlined aria-label={t('datalab.fromTraining.removeBand')} onClick={() => remove(field.name)} />}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ band: '' }, fields.length - 1)} icon={<PlusOutlined />} disabled={fields.length >= 10}>
                {t('datalab.fromTraining.addBand')}
              </Button>
            </>
          )}
        </Form.List>
        <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('datalab.fromTraining.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="datalab-from-training-submit">{t('datalab.fromTraining.submit')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
