/**
 * Which records travel between nodes. Upward: the 双公示 records (administrative licences and penalties, L1 public) —
 * seed 000 (廊坊市实施方案) 一(5) asks for data-sharing interfaces with the provincial node (全国融资信用服务平台河北省级节点),
 * and its 信用信息共享清单 item 5 shares these "以物理归集方式共享至融资信用服务平台". Downward: records held nationally
 * (court dishonest-debtor list, provider 最高人民法院) that the national / provincial node passes to lower nodes.
 * Each is dated by a field; a page holds the published records dated up to the end of the last complete month.
 */
export const UPWARD_ITEMS = [
  { itemCode: 'ADMIN_LICENSE', dateField: 'decision_date' },
  { itemCode: 'ADMIN_PENALTY', dateField: 'decision_date' },
] as const;
export const DOWNWARD_ITEMS = [{ itemCode: 'COURT_DISHONEST_DEBTOR', dateField: 'filing_date' }] as const;
