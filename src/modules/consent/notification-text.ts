import type { Localized } from '../../platform/i18n/index.ts';
import { purposeOf } from './purposes.ts';
import type { AuthorisationStatus } from './schemas.ts';

export const STATUS_TEXT: Readonly<Record<AuthorisationStatus, Localized>> = {
  PENDING: { zh: '待企业确认', en: 'pending' },
  ACTIVE: { zh: '已生效', en: 'active' },
  PAUSED: { zh: '已暂停', en: 'paused' },
  REVOKED: { zh: '已撤销', en: 'revoked' },
  EXPIRED: { zh: '已到期', en: 'expired' },
  DECLINED: { zh: '已拒绝', en: 'declined' },
};

/** The in-app text for a change of one authorisation, in both locales. */
export function notificationText(
  row: { enterprise_name: string; institution_name: string; purpose: string },
  status: AuthorisationStatus,
  kind: string,
): Localized {
  const purpose = purposeOf(row.purpose) ?? { zh: row.purpose, en: row.purpose };
  const about = {
    zh: `${row.enterprise_name}对${row.institution_name}的信息使用授权（用途：${purpose.zh}）`,
    en: `The authorisation from ${row.enterprise_name} to ${row.institution_name} (purpose: ${purpose.en})`,
  };
  if (kind === 'authorisation.expiring') {
    return { zh: `${about.zh}将于 7 日内到期`, en: `${about.en} ends within 7 days` };
  }
  if (status === 'PENDING') {
    return { zh: `${about.zh}已提交，待确认`, en: `${about.en} was submitted and awaits confirmation` };
  }
  return { zh: `${about.zh}${STATUS_TEXT[status].zh}`, en: `${about.en} is now ${STATUS_TEXT[status].en}` };
}

/** Verbs for "cannot be …" messages of the lifecycle. */
export const ACTION_TEXT: Record<'approve' | 'activate' | 'decline' | 'pause' | 'resume' | 'revoke', { zh: string; en: string }> = {
  approve: { zh: '同意', en: 'approved' },
  activate: { zh: '生效', en: 'activated' },
  decline: { zh: '拒绝', en: 'declined' },
  pause: { zh: '暂停', en: 'paused' },
  resume: { zh: '恢复', en: 'resumed' },
  revoke: { zh: '撤销', en: 'revoked' },
};
