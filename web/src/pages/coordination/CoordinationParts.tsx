import { Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AssignmentStatus, Coded, CoordinationCodes, Reason } from '../../api/coordination.ts';
import { useApi } from '../../api/use-api.ts';
import { COORDINATION_PATHS } from '../../api/coordination.ts';
import { YuanAmount } from '../../components/YuanAmount.tsx';
import { fenToYuan, textOf } from './coordination-format.ts';

/** The code lists, deadline and negative-list rules the server uses (one request per page). */
export const useCoordinationCodes = () => useApi<CoordinationCodes>(COORDINATION_PATHS.codes);

/** The label of a coded value in the reader's language (the code itself when the list does not know it). */
export function useCodeText() {
  const { i18n } = useTranslation();
  return (list: Coded[] | undefined, code: string) => {
    const found = list?.find((c) => c.code === code);
    return found ? textOf(found, i18n.language) : code;
  };
}

/** An amount in integer fen, shown in yuan (万元 first for large amounts). */
export function Fen({ value, testId }: { value: string | null; testId?: string }) {
  return <YuanAmount value={value === null ? null : fenToYuan(value)} testId={testId} />;
}

const STATUS_COLORS: Record<AssignmentStatus, string> = { pending: 'default', accepted: 'processing', granted: 'success', disbursed: 'green', declined: 'error' };

export function StatusTag({ status, overdue }: { status: AssignmentStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[status]} data-testid="coordination-status">{t(`coordination.status.${status}`)}</Tag>
      {overdue === true && <Tag color="red" data-testid="coordination-overdue">{t('coordination.institution.overdue')}</Tag>}
    </Space>
  );
}

const OUTCOME_ICON = {
  pass: <CheckCircleOutlined style={{ color: '#52c41a' }} />,
  fail: <CloseCircleOutlined style={{ color: '#ff4d4f' }} />,
  info: <InfoCircleOutlined style={{ color: '#1677ff' }} />,
};

/** The reasons a candidate is in or out: failed rules first, then the rules that held, then the facts shown. */
export function ReasonList({ reasons }: { reasons: Reason[] }) {
  const { i18n } = useTranslation();
  const order = { fail: 0, pass: 1, info: 2 };
  const sorted = [...reasons].sort((a, b) => order[a.outcome] - order[b.outcome]);
  return (
    <Space orientation="vertical" size={2} data-testid="coordination-reasons">
      {sorted.map((r) => (
        <Typography.Text key={r.rule} type={r.outcome === 'fail' ? 'danger' : undefined} data-testid={`coordination-reason-${r.rule}`} data-outcome={r.outcome}>
          {OUTCOME_ICON[r.outcome]} {textOf(r, i18n.language)}
        </Typography.Text>
      ))}
    </Space>
  );
}
