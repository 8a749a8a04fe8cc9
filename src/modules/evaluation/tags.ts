import { codes } from '../entities/index.ts';
import type { Features } from './features.ts';

/** A profile tag (画像标签) with the reason it holds. Codes are stable and searchable (`GET /evaluation/tags?tag=`). */
export interface Tag {
  tag: string;
  zh: string;
  en: string;
}

const SIZE = { large: ['大型', 'large'], medium: ['中型', 'medium'], small: ['小型', 'small'], micro: ['微型', 'micro'] } as const;
const ENTITY_TYPE = {
  enterprise: ['企业', 'enterprise'], individual_business: ['个体工商户', 'individual business'],
  farmer_cooperative: ['农民专业合作社', "farmers' cooperative"], other: ['其他主体', 'other entity'],
} as const;
const GREEN_GRADES = new Set(['绿']);
const ENV_RISK_GRADES = new Set(['红', '黑']);

const industryNames = new Map<string, { zh: string; en: string }>();
const regionNames = new Map<string, string>();

function industryName(code: string): { zh: string; en: string } {
  let name = industryNames.get(code);
  if (!name) {
    const parsed = codes.parseIndustryCode(code);
    name = 'error' in parsed ? { zh: code, en: code } : { zh: parsed.name, en: parsed.nameEn };
    industryNames.set(code, name);
  }
  return name;
}

function regionName(code: string): string {
  let name = regionNames.get(code);
  if (name === undefined) {
    name = codes.regionByCode(code)?.fullName ?? code;
    regionNames.set(code, name);
  }
  return name;
}

/**
 * The profile of one enterprise from its features (registry facts and aggregated records). Every tag carries
 * the fact that decided it, so an institution or the enterprise itself can see why it holds.
 */
export function tagsOf(f: Partial<Features>): Tag[] {
  const tags: Tag[] = [];
  profile(f, (tag, text) => {
    const [zh, en] = text();
    tags.push({ tag, zh, en });
  });
  return tags;
}

/** The tag codes alone, sorted (what a full run stores; the sentences are rendered when read). */
export function tagCodesOf(f: Partial<Features>): string[] {
  const codes: string[] = [];
  profile(f, (tag) => codes.push(tag));
  return codes.sort();
}

/** Decides every tag; its sentence is built only when asked for (a full run of a million needs none). */
function profile(f: Partial<Features>, add: (tag: string, text: () => [zh: string, en: string]) => void): void {
  if (f.size_class && f.size_class in SIZE) {
    const [zh, en] = SIZE[f.size_class as keyof typeof SIZE];
    // The full rule that decided it is on the registry entry (entities); the tag names the standard.
    add(`size:${f.size_class}`, () => [`按《中小企业划型标准规定》划为${zh}企业`, `A ${en} enterprise by the SME classification standard (工信部联企业〔2011〕300号)`]);
  }
  if (f.entity_type && f.entity_type in ENTITY_TYPE) {
    const [zh, en] = ENTITY_TYPE[f.entity_type as keyof typeof ENTITY_TYPE];
    add(`type:${f.entity_type}`, () => [`主体类型：${zh}`, `Entity type: ${en}`]);
  }
  if (f.industry_code) {
    const section = f.industry_code.charAt(0);
    const code = f.industry_code;
    add(`industry:${section}`, () => [`国民经济行业：${code} ${industryName(code).zh}`, `Industry: ${code} ${industryName(code).en}`]);
  }
  if (f.region_code) {
    const code = f.region_code;
    add(`region:${code}`, () => [`注册地：${regionName(code)}`, `Registered in ${regionName(code)} (${code})`]);
  }
  if (f.high_tech) add('high_tech', () => ['科技研发信息显示为国家级高新技术企业', 'Science and technology records: a national high-tech enterprise']);
  if (f.rd_support) add('rd_support', () => ['获得科研支持（实验室建设、政府资金、标准制定或人才认证）', 'Has received research support (labs, public funding, standards or talent programmes)']);
  if (f.specialised_new) add('specialised_new', () => ['荣誉表彰信息中有有效的“专精特新”认定', 'A current "specialised and new" (专精特新) recognition in its honours']);
  if (f.env_grade && GREEN_GRADES.has(f.env_grade)) add('green', () => [`环保信用评价为${f.env_grade}牌`, `Environment credit rating: ${f.env_grade} (green)`]);
  if (f.env_grade && ENV_RISK_GRADES.has(f.env_grade)) add('env_risk', () => [`环保信用评价为${f.env_grade}牌`, `Environment credit rating: ${f.env_grade}`]);
  if (f.industry_code?.startsWith('A') || f.entity_type === 'farmer_cooperative' || f.agri_operator) {
    const why = f.agri_operator ? '登记为新型农业经营主体' : f.entity_type === 'farmer_cooperative' ? '农民专业合作社' : `行业代码 ${f.industry_code} 属农、林、牧、渔业`;
    const whyEn = f.agri_operator ? 'registered as a new-type agricultural operator' : f.entity_type === 'farmer_cooperative' ? "a farmers' cooperative" : `industry ${f.industry_code} is agriculture, forestry, animal husbandry or fishery`;
    add('agricultural', () => [`涉农主体：${why}`, `Agricultural: ${whyEn}`]);
  }
  if (f.gov_procurement) add('gov_procurement_supplier', () => ['自主申报有政府采购合同', 'Self-reported government procurement contracts']);
  if (f.has_tax && !f.tax_arrears_count && !f.tax_abnormal && (f.tax_normal_months ?? 0) >= 24) {
    add('tax_good', () => [`连续正常缴税 ${f.tax_normal_months} 个月，无欠税`, `${f.tax_normal_months} months of continuous normal tax payment, no arrears`]);
  }
  if ((f.tax_arrears_count ?? 0) > 0 || f.tax_abnormal) add('tax_risk', () => [f.tax_abnormal ? '被认定为非正常纳税户' : `存在欠税 ${f.tax_arrears_count} 笔`, f.tax_abnormal ? 'Listed as an abnormal taxpayer' : `${f.tax_arrears_count} tax arrears`]);
  if ((f.utility_accounts ?? 0) > 0 && f.utility_arrears_12m === 0) {
    add('utility_stable', () => [`${f.utility_accounts} 个水电气户号近一年均无欠费`, `${f.utility_accounts} utility accounts without arrears over the last 12 months`]);
  }
  if ((f.utility_arrears_now ?? 0) > 0) add('utility_arrears', () => [`水电气费当前欠费 ${f.utility_arrears_now} 户`, `Utility bills in arrears on ${f.utility_arrears_now} accounts`]);
  if ((f.hf_normal_months ?? 0) >= 12) add('housing_fund_continuous', () => [`住房公积金连续正常缴存 ${f.hf_normal_months} 个月`, `Housing fund paid normally for ${f.hf_normal_months} months`]);
  if ((f.invention_patents ?? 0) > 0) add('patent_holder', () => [`拥有发明专利 ${f.invention_patents} 件`, `${f.invention_patents} invention patents`]);
  if ((f.trade_total_12m ?? 0) > 0) add('foreign_trade', () => ['近一年有进出口业务', 'Import/export in the last 12 months']);
  if ((f.honours ?? 0) > 0) add('honoured', () => [`有效荣誉表彰 ${f.honours} 项`, `${f.honours} current honours`]);
  if (f.commitment_signed) add('commitment_signed', () => ['已签署信用承诺书', 'Has signed the credit commitment']);
  if ((f.enforcement_active ?? 0) > 0) add('court_enforcement', () => [`在执行的被执行案件 ${f.enforcement_active} 件`, `${f.enforcement_active} open court enforcement cases`]);
  if ((f.dishonest_debtor ?? 0) > 0) add('dishonest_debtor', () => ['被列为失信被执行人', 'Listed as a dishonest judgement debtor']);
  if ((f.serious_dishonesty ?? 0) > 0) add('serious_dishonesty', () => ['被列入严重失信主体名单', 'On the serious dishonesty list']);
  if ((f.penalties_active ?? 0) > 0) add('admin_penalty', () => [`公示期内行政处罚 ${f.penalties_active} 起`, `${f.penalties_active} administrative penalties still publicised`]);
  if (f.years_in_business !== undefined && f.years_in_business < 3) add('startup', () => [`成立 ${f.years_in_business} 年，初创期`, `In business for ${f.years_in_business} years: a start-up`]);
  if (f.years_in_business !== undefined && f.years_in_business >= 10) add('established', () => [`成立 ${f.years_in_business} 年`, `In business for ${f.years_in_business} years`]);
}
