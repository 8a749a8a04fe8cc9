import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/use-api.ts';

interface Region { code: string; name: string; level: string }

/** The public home page's way to the district editions: one link per division directly below the node's region. */
export function DistrictLinks({ nodeRegion }: { nodeRegion: string }) {
  const { t } = useTranslation();
  const regions = useApi<{ items: Region[] }>(`/codes/regions?parent=${encodeURIComponent(nodeRegion)}`);
  const items = regions.data?.items ?? [];
  // a county node has no district below it; a failed list leaves the home page as it was
  if (items.length === 0) return null;
  return (
    <Card title={t('district.listTitle')} data-testid="district-links">
      <Space direction="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('district.listIntro')}</Typography.Text>
        <Space wrap size={[8, 8]}>
          {items.map((r) => (
            <Link key={r.code} to={`/district/${r.code}`} data-testid={`district-link-${r.code}`}>
              <Tag style={{ fontSize: 14, padding: '4px 10px', margin: 0 }}>{r.name}</Tag>
            </Link>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
