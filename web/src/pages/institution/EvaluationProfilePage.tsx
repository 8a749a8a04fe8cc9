import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { USCC_SHAPE } from '../../api/consent.ts';
import { EvaluationProfile } from '../evaluation/EvaluationProfile.tsx';
import { TagSearch } from '../evaluation/TagSearch.tsx';

/** 企业信用画像: look an enterprise up by USCC, or find enterprises by tag, region and grade. */
export default function EvaluationProfilePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ uscc: string }>();
  const [open, setOpen] = useState<{ uscc: string; name?: string }>();

  function show(uscc: string, name?: string) {
    form.setFieldsValue({ uscc });
    setOpen({ uscc, name });
    window.scrollTo({ top: 0, behavior: 'smooth' });
  }

  return (
    <div className="xr-stack" data-testid="evaluation-profile-page">
      <Typography.Title level={3} className="xr-portal-title">{t('evaluation.institution.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('evaluation.institution.intro')}</Typography.Paragraph>
      <Card>
        <Form form={form} layout="inline" onFinish={(values) => show(values.uscc.trim().toUpperCase())} style={{ rowGap: 8 }}>
          <Form.Item
            name="uscc"
            label={t('evaluation.profile.uscc')}
            rules={[
              { required: true, message: t('evaluation.institution.usccRequired') },
              { transform: (v: string) => v.trim().toUpperCase(), pattern: USCC_SHAPE, message: t('evaluation.institution.usccInvalid') },
            ]}
          >
            <Input style={{ width: 240 }} maxLength={18} className="xr-mono" data-testid="evaluation-uscc" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="evaluation-uscc-submit">
              {t('evaluation.institution.lookUp')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {open !== undefined && <EvaluationProfile key={open.uscc} uscc={open.uscc} name={open.name} />}
      <TagSearch onOpen={(hit) => show(hit.uscc, hit.name)} />
    </div>
  );
}
