import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApiError } from '../../api/client.ts';
import { takeDemand } from '../../api/applications.ts';

/** "Apply online" on a product card (supermarket, recommendations): the enterprise portal's application form. */
export function ApplyLink({ productId, demandId }: { productId: string; demandId?: string }) {
  const { t } = useTranslation();
  const to = `/enterprise/applications/apply/${productId}${demandId ? `?demand=${demandId}` : ''}`;
  return (
    <Link to={to} onClick={(e) => e.stopPropagation()} data-testid="apply-link" data-product-id={productId}>
      <Button type="primary" size="small">{t('applications.apply.button')}</Button>
    </Link>
  );
}

/** 接单 in the institution's work queue: first come; the case then appears under Applications. */
export function TakeButton({ demandId, productId }: { demandId: string; productId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm title={t('applications.takeConfirm')} onConfirm={async () => {
      setBusy(true);
      try {
        const d = await takeDemand(demandId, productId);
        void navigate(`/institution/applications?open=${d.application.id}`);
      } catch (e) {
        void message.error((e as ApiError).detail ?? String(e));
      } finally {
        setBusy(false);
      }
    }}>
      <Button size="small" loading={busy} data-testid="take-demand" data-demand-id={demandId}>{t('applications.take')}</Button>
    </Popconfirm>
  );
}
