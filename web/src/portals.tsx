import type { ReactNode } from 'react';
import {
  ApiOutlined,
  AimOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  EyeOutlined,
  FileProtectOutlined,
  FundOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  OrderedListOutlined,
  RadarChartOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { CalendarOutlined, GiftOutlined, NotificationOutlined } from '@ant-design/icons';
import { AlertOutlined } from '@ant-design/icons';
import { ExceptionOutlined, SafetyOutlined } from '@ant-design/icons';
import { ExperimentOutlined } from '@ant-design/icons';
import { ClusterOutlined } from '@ant-design/icons';
import { TeamOutlined } from '@ant-design/icons';
import type { PortalKey } from './api/types.ts';

export interface MenuEntry {
  path: string;
  /** i18n key of the menu label */
  label: string;
  icon: ReactNode;
  /** when set, only users holding one of these roles see the entry */
  roles?: readonly string[];
}

/** Navigation of each portal. The server enforces access; the menu only hides what a role cannot use. */
export const PORTAL_MENUS: Record<PortalKey, readonly MenuEntry[]> = {
  enterprise: [
    { path: '/enterprise', label: 'menu.enterpriseProfile', icon: <IdcardOutlined /> },
    { path: '/enterprise/self-report', label: 'selfReport.menu', icon: <FormOutlined /> },
    { path: '/enterprise/consent', label: 'consent.menu.enterprise', icon: <SafetyCertificateOutlined /> },
    { path: '/enterprise/access', label: 'audit.menu.access', icon: <EyeOutlined /> },
    { path: '/enterprise/evaluation', label: 'evaluation.menu.enterprise', icon: <RadarChartOutlined /> },
    { path: '/enterprise/report', label: 'reports.menu.enterprise', icon: <FileProtectOutlined /> },
    { path: '/enterprise/financing', label: 'marketplace.menu.financing', icon: <ShopOutlined /> },
    { path: '/enterprise/applications', label: 'applications.menu.enterprise', icon: <FileDoneOutlined /> },
    { path: '/enterprise/objections', label: 'objections.menu.enterprise', icon: <ExceptionOutlined /> },
    { path: '/enterprise/repair', label: 'repair.menu.enterprise', icon: <SafetyOutlined /> },
    { path: '/enterprise/policies', label: 'policies.menu.enterprise', icon: <GiftOutlined /> },
    { path: '/enterprise/credit-level', label: 'monitoring.menu.enterprise', icon: <AlertOutlined /> },
    // the legal representative opens and stops the agents' (经办人) accounts
    { path: '/enterprise/accounts', label: 'accounts.menu.own', icon: <TeamOutlined />, roles: ['enterprise_legal_rep'] },
  ],
  institution: [
    { path: '/institution', label: 'menu.home', icon: <BankOutlined /> },
    {
      path: '/institution/entities',
      label: 'menu.entitySearch',
      icon: <SearchOutlined />,
      roles: ['inst_admin', 'inst_product_manager', 'inst_loan_officer', 'inst_risk_officer'],
    },
    { path: '/institution/consent', label: 'consent.menu.institution', icon: <FileProtectOutlined /> },
    { path: '/institution/data', label: 'consent.menu.data', icon: <DatabaseOutlined /> },
    { path: '/institution/evaluation', label: 'evaluation.menu.institution', icon: <RadarChartOutlined /> },
    { path: '/institution/datalab', label: 'datalab.menu.institution', icon: <ExperimentOutlined /> },
    { path: '/institution/reports', label: 'reports.menu.institution', icon: <FileDoneOutlined /> },
    { path: '/institution/loans', label: 'scorecards.menu.institution', icon: <CloudUploadOutlined />, roles: ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'] },
    { path: '/institution/whitelist', label: 'whitelist.menu.institution', icon: <OrderedListOutlined /> },
    { path: '/institution/pushes', label: 'pushes.menu', icon: <NotificationOutlined /> },
    { path: '/institution/policies', label: 'policies.menu.institution', icon: <GiftOutlined />, roles: ['inst_admin', 'inst_loan_officer'] },
    { path: '/institution/products', label: 'marketplace.menu.products', icon: <ShopOutlined /> },
    { path: '/institution/queue', label: 'marketplace.menu.queue', icon: <InboxOutlined /> },
    { path: '/institution/applications', label: 'applications.menu.institution', icon: <FileDoneOutlined /> },
    { path: '/institution/coordination', label: 'coordination.menu.institution', icon: <AimOutlined /> },
    { path: '/institution/monitoring', label: 'monitoring.menu.institution', icon: <AlertOutlined />, roles: ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'] },
    { path: '/institution/accounts', label: 'accounts.menu.own', icon: <TeamOutlined />, roles: ['inst_admin'] },
  ],
  provider: [
    { path: '/provider', label: 'menu.apiAccess', icon: <ApiOutlined /> },
    { path: '/provider/batches', label: 'menu.batches', icon: <CloudUploadOutlined /> },
    { path: '/provider/quality', label: 'quality.menu.feedback', icon: <FundOutlined /> },
    { path: '/provider/objections', label: 'objections.menu.provider', icon: <ExceptionOutlined /> },
    { path: '/provider/accounts', label: 'accounts.menu.own', icon: <TeamOutlined />, roles: ['provider_admin'] },
  ],
  operator: [
    { path: '/operator', label: 'menu.home', icon: <DashboardOutlined /> },
    {
      path: '/operator/entities',
      label: 'menu.entitySearch',
      icon: <SearchOutlined />,
      roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'],
    },
    { path: '/operator/catalog', label: 'menu.catalogAdmin', icon: <BookOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/batches', label: 'menu.batches', icon: <DatabaseOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/quality', label: 'quality.menu.dashboard', icon: <FundOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/audit', label: 'audit.menu.log', icon: <AuditOutlined />, roles: ['op_admin', 'op_auditor', 'op_supervisor'] },
    // only op_admin may enter and activate written authorisations (书面授权)
    { path: '/operator/evaluation', label: 'evaluation.menu.operator', icon: <RadarChartOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/reports', label: 'reports.menu.operator', icon: <FileDoneOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/scorecards', label: 'scorecards.menu.operator', icon: <FundOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/datalab', label: 'datalab.menu.operator', icon: <ExperimentOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/consent/written', label: 'consent.menu.written', icon: <FileProtectOutlined />, roles: ['op_admin'] },
    { path: '/operator/calendar', label: 'calendar.menu', icon: <CalendarOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/whitelist', label: 'whitelist.menu.operator', icon: <OrderedListOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/products', label: 'marketplace.menu.review', icon: <ShopOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/applications', label: 'applications.menu.operator', icon: <FileDoneOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/objections', label: 'objections.menu.operator', icon: <ExceptionOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/repair', label: 'repair.menu.operator', icon: <SafetyOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/coordination', label: 'coordination.menu.operator', icon: <AimOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/policies', label: 'policies.menu.operator', icon: <GiftOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/federation', label: 'federation.menu', icon: <ClusterOutlined />, roles: ['op_admin', 'op_supervisor'] },
    { path: '/operator/monitoring', label: 'monitoring.menu.operator', icon: <AlertOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    { path: '/operator/statistics', label: 'statistics.menu', icon: <FundOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
    // every operator role reads the organisations; only op_admin registers them and manages accounts
    { path: '/operator/accounts', label: 'accounts.menu.operator', icon: <TeamOutlined />, roles: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'] },
  ],
};

export const PORTAL_ICONS: Record<PortalKey, ReactNode> = {
  enterprise: <IdcardOutlined />,
  institution: <BankOutlined />,
  provider: <ApiOutlined />,
  operator: <HomeOutlined />,
};

export function menuFor(portal: PortalKey, roles: readonly string[]): MenuEntry[] {
  return PORTAL_MENUS[portal].filter(
    (entry) => entry.roles === undefined || entry.roles.some((role) => roles.includes(role)),
  );
}

/** The menu entry whose path is the longest prefix of the current location. */
export function selectedMenuPath(entries: readonly MenuEntry[], pathname: string): string | undefined {
  let best: MenuEntry | undefined;
  for (const entry of entries) {
    const matches = pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (best === undefined || entry.path.length > best.path.length)) best = entry;
  }
  return best?.path;
}
