import { useState } from 'react';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { NotificationList, Notification } from '../../api/consent.ts';
import { CONSENT_PATHS, markNotificationRead, ProblemError } from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useInterval } from '../../components/use-interval.ts';

const REFRESH_MS = 60_000;

/** The header's bell: the organisation's notifications (authorisation requests, grants, revocations, expiry). */
export function NotificationBell() {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const list = useApi<NotificationList>(CONSENT_PATHS.notifications);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string>();
  const { reload } = list;

  useInterval(reload, REFRESH_MS);

  // a server without notifications (or a role without them) shows no bell rather than an error in the header
  if (list.data === undefined) return null;

  const read = async (item: Notification) => {
    if (item.readAt !== null) return;
    setFailure(undefined);
    try {
      await markNotificationRead(item.id);
      reload();
    } catch (error) {
      setFailure(error instanceof ProblemError ? problemText(error, t('error.generic')) : String(error));
    }
  };

  const content = (
    <div style={{ width: 320, maxHeight: 420, overflow: 'auto' }} data-testid="notification-list">
      {failure !== undefined && <Typography.Text type="danger">{failure}</Typography.Text>}
      {list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consent.notifications.empty')} />
      ) : (
        <List<Notification>
          size="small"
          dataSource={list.data.items}
          renderItem={(item) => (
            <List.Item
              data-testid="notification-item"
              onClick={() => void read(item)}
              style={{ cursor: item.readAt === null ? 'pointer' : 'default', opacity: item.readAt === null ? 1 : 0.65 }}
            >
              <div>
                <Typography.Text strong={item.readAt === null}>{en ? item.text.en : item.text.zh}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTimestamp(item.createdAt)}
                  {item.readAt === null ? ` · ${t('consent.notifications.markRead')}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reload();
      }}
      title={t('consent.notifications.title')}
      content={content}
    >
      <Badge count={list.data.unread} size="small" data-testid="notification-count">
        <Button type="text" icon={<BellOutlined />} aria-label={t('consent.notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
