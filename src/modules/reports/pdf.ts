/**
 * The PDF of a report: Noto Sans SC embedded (subset) so Chinese renders offline, a header with the report number on
 * every page, a footer with the verification address and page numbers, field tables that wrap. The report number and
 * content digest are in the text and in the information dictionary; the canonical content and the evidence receipt
 * travel as attachments, so the file alone carries everything needed to check it.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { AuditReceipt } from '../audit/index.ts';
import { canonicalJson } from '../audit/index.ts';
import { PDF_DIGEST_KEY, PDF_NUMBER_KEY } from './digest.ts';
import type { ReportContent } from './schemas.ts';

const require = createRequire(import.meta.url);
/** pdfkit's own font engine, resolved from pdfkit's location (its dependency, the version it was built with). */
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(bytes: Uint8Array): { layout: unknown } };
let fonts: { regular: { layout: unknown }; bold: { layout: unknown } } | undefined;

/**
 * The fonts, read and parsed once per process (≈10 MB each). Parsing per document cost seconds (the glyph tables are
 * decoded again each time); pdfkit accepts a parsed font and still embeds only the glyphs each document uses.
 */
function parsedFonts() {
  fonts ??= {
    regular: fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))),
    bold: fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'))),
  };
  return fonts;
}

const VERSION_TITLE: Record<ReportContent['version'], string> = {
  public: '公开版', authorised: '授权版', subject: '企业自查版', operator: '运营查阅版',
};
const FREQUENCY: Record<string, string> = { realtime: '实时', daily: '每日', monthly: '每月', quarterly: '每季度', yearly: '每年' };
const SHARING: Record<string, string> = { physical: '归集', interface: '接口调用', verification: '数据核验' };
const ACCESS: Record<string, string> = { public: '公开', authorised: '授权', subject: '本企业', operator: '运营查阅' };
/** an ideographic space between phrases (U+3000), as Chinese documents separate them */
const GAP = '\u3000';
const STATUS: Record<string, string> = { active: '存续', revoked: '吊销', cancelled: '注销', moved_out: '迁出' };
const SIZE: Record<string, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型', unknown: '未能划型' };

export interface PdfInput {
  content: ReportContent;
  digest: string;
  receipt: AuditReceipt;
  /** absolute address of the public verification page */
  verifyUrl: string;
}

const day = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '—');
const cell = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export function renderReportPdf(input: PdfInput): Promise<Buffer> {
  const { content: c, digest, receipt } = input;
  const f = parsedFonts();
  const doc = new PDFDocument({
    size: 'A4', margins: { top: 64, bottom: 64, left: 56, right: 56 }, bufferPages: true, compress: true,
    info: {
      Title: `标准化信用信息报告 ${c.registry.name}`, Author: c.node.name, Subject: `${c.number} SM3 ${digest}`,
      Keywords: `${c.number} ${digest}`, CreationDate: new Date(c.generatedAt), ModDate: new Date(c.generatedAt),
    },
  });
  // pdfkit writes every key of `info` into the information dictionary; ASCII values as literal strings.
  (doc.info as Record<string, unknown>)[PDF_NUMBER_KEY] = c.number;
  (doc.info as Record<string, unknown>)[PDF_DIGEST_KEY] = digest;
  // pdfkit's types name only byte sources; at run time a parsed font (anything with `layout`) is taken as is.
  doc.registerFont('cjk', f.regular as unknown as Buffer);
  doc.registerFont('cjk-bold', f.bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (text: string, size = 13) => {
    doc.moveDown(0.6).font('cjk-bold').fontSize(size).fillColor('#1d5fa8').text(text).fillColor('black').font('cjk').fontSize(9.5);
  };
  const pairs = (rows: [string, string][]) => {
    doc.table({
      columnStyles: [width * 0.3, width * 0.7],
      defaultStyle: { border: 0.5, borderColor: '#b8c4d6', padding: 3 },
      data: rows.map(([k, v]) => [{ text: k, backgroundColor: '#eef3fa' }, v]),
    });
  };

  doc.font('cjk-bold').fontSize(20).text('标准化信用信息报告', { align: 'center' });
  doc.font('cjk').fontSize(11).text(`（${VERSION_TITLE[c.version]}）`, { align: 'center' }).moveDown(0.5);
  doc.fontSize(9.5);
  pairs([
    ['报告编号', c.number], ['报告版本', VERSION_TITLE[c.version]], ['企业名称', c.registry.name], ['统一社会信用代码', c.registry.uscc],
    ['生成时间', c.generatedAt], ['出具平台', c.node.name], ['查询机构', `${c.requester.orgName}`], ['查询用途', c.purpose ?? '—'],
    ['内容摘要（SM3）', digest],
  ]);

  heading('一、登记信息');
  const r = c.registry;
  pairs([
    ['企业名称', r.name], ['统一社会信用代码', r.uscc], ['登记状态', STATUS[r.status] ?? r.status], ['成立日期', cell(r.establishedOn)],
    ['登记机关', r.registrationAuthority], ['注册资本（元）', cell(r.registeredCapital)], ['所在地区', `${r.regionName}（${r.regionCode}）`],
    ['所属行业', `${r.industryName}（${r.industryCode}）`], ['法定代表人', cell(r.legalRepName)], ['法定代表人证件号码', cell(r.legalRepIdNumber)],
    ['企业规模', `${SIZE[r.sizeClass] ?? r.sizeClass}：${r.sizeRule}`], ['从业人员', cell(r.employees)], ['营业收入（元）', cell(r.revenue)], ['资产总额（元）', cell(r.assets)],
  ]);

  heading('二、信用评价');
  if (c.evaluation) {
    const e = c.evaluation;
    pairs([
      ['评价等级', e.grade], ['评价得分', String(e.score)], ['评价时间', e.computedAt], ['指标体系版本', String(e.modelVersion)],
      ['主要因素', e.reasons.map((x) => `${x.direction === 'up' ? '↑' : '↓'} ${x.zh}`).join('\n') || '—'],
      ['画像标签', e.tags.map((t) => t.zh).join('、') || '—'],
    ]);
  } else doc.text('该企业尚无信用评价结果。');

  heading('三、信用信息');
  doc.text(`本报告按信息资源目录分类列示。异议处理中的记录 ${c.objectionsInProgress} 条，已标注“异议处理中”。`);
  if (c.withheld.total > 0) {
    doc.text(`另有 ${c.withheld.total} 条记录已不再公示（信用修复 ${c.withheld.repaired} 条、公示期满 ${c.withheld.expired} 条、异议删除 ${c.withheld.deleted} 条），本报告不予展示。`);
  }
  if (c.notIncluded.length) doc.text(`未获授权、本版本不含的信息项 ${c.notIncluded.length} 项。`);
  c.sections.forEach((s, si) => {
    heading(`${si + 1}. ${s.name}`, 11.5);
    // items without records in one line (called or verified on demand: not held on the platform, no detail here)
    const empty = s.items.filter((x) => x.records.length === 0);
    if (empty.length) {
      doc.fontSize(9).fillColor('#555555')
        .text(`暂无记录：${empty.map((x) => `${x.name}（${x.provider}，${FREQUENCY[x.updateFrequency] ?? x.updateFrequency}更新${x.sharingMode === 'physical' ? '' : '，按需调用'}）`).join('；')}`)
        .fillColor('black').fontSize(9.5);
    }
    for (const item of s.items.filter((x) => x.records.length > 0)) {
      doc.moveDown(0.3).font('cjk-bold').fontSize(10).text(`${item.name}（${item.code}，${item.level}，${ACCESS[item.access] ?? item.access}）`);
      doc.font('cjk').fontSize(8.5).fillColor('#555555')
        .text(`来源：${item.provider}${GAP}共享方式：${SHARING[item.sharingMode] ?? item.sharingMode}${GAP}更新频率：${FREQUENCY[item.updateFrequency] ?? item.updateFrequency}${GAP}最新记录生效：${day(item.latestValidFrom)}`)
        .fillColor('black').fontSize(9.5);
      const names = new Map(item.fields.map((x) => [x.code, x.name]));
      item.records.forEach((rec, i) => {
        const flag = rec.objection ? `【异议处理中，${day(rec.objection.filedAt)} 提出】` : '';
        doc.moveDown(0.2).text(`记录 ${i + 1}${GAP}版本 ${rec.version}${GAP}生效 ${day(rec.validFrom)} ${flag}`);
        pairs(Object.entries(rec.data).map(([k, v]) => [names.get(k) ?? k, rec.masked.includes(k) ? `${cell(v)}（已脱敏）` : cell(v)]));
      });
    }
  });

  heading('四、存证与验真');
  pairs([
    ['报告编号', c.number], ['内容摘要算法', 'SM3（RFC 8785 规范化 JSON，见附件 report.json）'], ['内容摘要', digest],
    ['审计日志序号', String(receipt.index)], ['日志叶哈希', receipt.leafHash], ['树大小', String(receipt.treeSize)],
    ['签名树头', receipt.checkpoint.split('\n').slice(0, 3).join(' ')], ['验真地址', input.verifyUrl],
  ]);
  doc.moveDown(0.3).fontSize(8.5).text('存证回执（含包含证明）见附件 receipt.json；报告文件任何改动都会使验真失败。');

  doc.file(Buffer.from(canonicalJson(c), 'utf8'), { name: 'report.json', type: 'application/json', description: `${c.number} canonical content` });
  doc.file(Buffer.from(JSON.stringify(receipt), 'utf8'), { name: 'receipt.json', type: 'application/json', description: `${c.number} audit receipt` });

  // Header and footer on every page: the margins are lifted while writing into them so no page is added.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { top, bottom } = doc.page.margins;
    doc.page.margins.top = 0;
    doc.page.margins.bottom = 0;
    doc.font('cjk').fontSize(8).fillColor('#555555');
    doc.text(`标准化信用信息报告${GAP}报告编号 ${c.number}`, doc.page.margins.left, 30, { width, align: 'left', lineBreak: false });
    doc.text(`验真：${input.verifyUrl}${GAP}（输入报告编号与内容摘要，或上传本文件）`, doc.page.margins.left, doc.page.height - 44, { width, lineBreak: false });
    doc.text(`第 ${i + 1 - range.start} 页 / 共 ${range.count} 页`, doc.page.margins.left, doc.page.height - 32, { width, align: 'right', lineBreak: false });
    doc.page.margins.top = top;
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
