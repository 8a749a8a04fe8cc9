import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '../catalog/index.ts';
import { assembleReport, versionOf, type Allowed, type AssembleInput, type SourceRecord } from './content.ts';
import { bodyDigest, canonicalJoin, canonicalMembers, contentDigest, headerDigest, readUploadedReport, reportNumber, REPORT_NUMBER } from './digest.ts';
import { createBodyCache } from './body-cache.ts';
import { canonicalJson } from '../audit/index.ts';
import { sm3Hex } from '../../platform/crypto/index.ts';

/** Report rules without a database: which items a version shows, masking, the number, the digest and tamper detection. */
const categories = bundledCatalog().categories;
const items = categories.flatMap((c) => c.items);
const USCC = '91131000MA0DEMO01X';

function input(allowed: [string, Allowed][], records: [string, SourceRecord[]][] = [], extra: Partial<AssembleInput> = {}): AssembleInput {
  return {
    number: 'XR-131000-20261128-ABCDEFGHJK', generatedAt: new Date('2026-11-28T10:00:00+08:00'), node: { name: '廊坊市融资信用服务平台', regionCode: '131000' },
    requester: { orgName: '示范银行', orgKind: 'institution' }, purpose: null, categories, allowed: new Map(allowed), records: new Map(records),
    registry: {
      uscc: USCC, name: '廊坊示范科技有限公司', entityType: 'enterprise', status: 'active', regionCode: '131002', regionName: '河北省廊坊市安次区',
      industryCode: 'I6510', industryName: '软件开发', establishedOn: '2015-03-01', registrationAuthority: '廊坊市市场监督管理局', registeredCapital: '1000000.00',
      legalRep: { name: '张*', idNumber: '110***********1234', masked: true }, size: { sizeClass: 'small', rule: '从业人员 20–300 人' },
      employees: null, revenue: null, assets: null,
    },
    evaluation: { score: 712, grade: 'A-', modelVersion: 1, computedAt: '2026-11-28T01:00:00.000Z', reasons: [{ code: 'tax.normal', direction: 'up', zh: '纳税正常', en: 'Tax normal' }], tags: [{ tag: 'high_tech', zh: '高新技术企业', en: 'High-tech' }] },
    withheld: { repaired: 2, expired: 1 },
    ...extra,
  };
}

const PUBLIC: Allowed = { access: 'public', authorisationId: null };
const licence: SourceRecord = {
  key: 'LIC-1', version: 2, validFrom: '2026-10-01T00:00:00.000Z',
  data: { uscc: USCC, subject_name: '示范企业', legal_rep_name: '欧阳娜娜', legal_rep_id_number: '11010519491231002X', record_uid: 'LIC-1' },
};

describe('report assembly', () => {
  it('follows the catalog\'s category order and shows only allowed items', () => {
    const l1 = items.filter((i) => i.level === 'L1').map((i): [string, Allowed] => [i.code, PUBLIC]);
    const c = assembleReport(input(l1));
    const order = categories.filter((cat) => cat.items.some((i) => i.level === 'L1')).map((cat) => cat.code);
    expect(c.sections.map((s) => s.code)).toEqual(order);
    expect(c.sections.flatMap((s) => s.items).every((i) => i.level === 'L1')).toBe(true);
    expect(c.notIncluded.sort()).toEqual(items.filter((i) => i.level !== 'L1').map((i) => i.code).sort());
    expect(c.version).toBe('public');
  });

  it('masks personal fields for institutions exactly as the public view does, and not for the subject', () => {
    const pub = assembleReport(input([['ADMIN_LICENSE', PUBLIC]], [['ADMIN_LICENSE', [licence]]]));
    const rec = pub.sections[0].items[0].records[0];
    expect(rec.data).toMatchObject({ legal_rep_name: '欧阳**', legal_rep_id_number: '110***********002X', record_uid: 'LIC-1' });
    expect(rec.masked.sort()).toEqual(['legal_rep_id_number', 'legal_rep_name']);
    const own = assembleReport(input([['ADMIN_LICENSE', { access: 'subject', authorisationId: null }]], [['ADMIN_LICENSE', [licence]]], { requester: { orgName: '示范企业', orgKind: 'enterprise' } }));
    expect(own.sections[0].items[0].records[0].data.legal_rep_id_number).toBe('11010519491231002X');
    expect(own.version).toBe('subject');
  });

  it('gives each item its provider and freshness, flags objections and only counts withheld records', () => {
    const flagged: SourceRecord = { ...licence, key: 'LIC-2', validFrom: '2026-11-01T00:00:00.000Z', objection: { id: 'o1', state: 'open', filedAt: '2026-11-20T00:00:00.000Z' } };
    const c = assembleReport(input([['ADMIN_LICENSE', PUBLIC]], [['ADMIN_LICENSE', [licence, flagged]]]));
    const item = c.sections[0].items[0];
    const catalogItem = items.find((i) => i.code === 'ADMIN_LICENSE')!;
    expect(item).toMatchObject({ provider: catalogItem.provider.name, updateFrequency: catalogItem.updateFrequency, latestValidFrom: '2026-11-01T00:00:00.000Z' });
    expect(item.records.map((r) => r.objection)).toEqual([null, { state: 'open', filedAt: '2026-11-20T00:00:00.000Z' }]);
    expect(c.objectionsInProgress).toBe(1);
    expect(c.withheld).toEqual({ total: 3, repaired: 2, expired: 1, deleted: 0 });
  });

  it('calls a report authorised when at least one item came through an authorisation', () => {
    expect(versionOf('institution', new Map([['ADMIN_LICENSE', PUBLIC]]))).toBe('public');
    expect(versionOf('institution', new Map<string, Allowed>([['ADMIN_LICENSE', PUBLIC], ['TAX_PAYMENT', { access: 'authorised', authorisationId: 'a1' }]]))).toBe('authorised');
    expect(versionOf('operator', new Map())).toBe('operator');
    expect(versionOf('enterprise', new Map())).toBe('subject');
  });
});

describe('report number and digest', () => {
  it('numbers reports XR-<region>-<China date>-<10 random characters>', () => {
    const n = reportNumber('131000', new Date('2026-11-28T17:00:00Z'), Buffer.alloc(10, 0xff));
    expect(n).toBe('XR-131000-20261129-ZZZZZZZZZZ');
    expect(REPORT_NUMBER.test(reportNumber('131000', new Date()))).toBe(true);
    expect(reportNumber('131000', new Date())).not.toBe(reportNumber('131000', new Date()));
  });

  it('digests the canonical content: key order does not matter, any changed value does', () => {
    const c = assembleReport(input([['ADMIN_LICENSE', PUBLIC]], [['ADMIN_LICENSE', [licence]]]));
    const d = contentDigest(c);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(JSON.stringify(c, Object.keys(c).reverse()));
    expect(contentDigest({ ...reordered, ...c })).toBe(d);
    const changed = structuredClone(c);
    changed.sections[0].items[0].records[0].data.record_uid = 'LIC-X';
    expect(contentDigest(changed)).not.toBe(d);
    expect(contentDigest({ ...c, generatedAt: '2026-11-28T02:00:00.001Z' })).not.toBe(d);
  });

  it('reads an uploaded JSON report and recomputes its digest; a changed one no longer matches', () => {
    const c = assembleReport(input([['ADMIN_LICENSE', PUBLIC]], [['ADMIN_LICENSE', [licence]]]));
    const d = contentDigest(c);
    const file = Buffer.from(JSON.stringify({ content: c, digest: d }));
    expect(readUploadedReport(file)).toEqual({ kind: 'json', number: c.number, digest: d, recomputed: d });
    const tampered = Buffer.from(file.toString('utf8').replace('LIC-1', 'LIC-9'));
    const read = readUploadedReport(tampered);
    expect(read.kind === 'json' && read.recomputed).not.toBe(d);
    expect(readUploadedReport(Buffer.from('%PDF-1.7\n/XrReportNumber 14 0 R\n14 0 obj\n(XR-131000-20261128-ABCDEFGHJK)\nendobj'))).toMatchObject({ kind: 'pdf', number: 'XR-131000-20261128-ABCDEFGHJK' });
    expect(readUploadedReport(Buffer.from('hello'))).toEqual({ kind: 'unreadable' });
  });
});

describe('reused bodies', () => {
  it('joins a fresh header with canonical body members into exactly the canonical text of the whole', () => {
    const content = assembleReport(input(items.filter((i) => i.level === 'L1').map((i) => [i.code, { access: 'public', authorisationId: null }] as [string, Allowed])));
    const { format, number, version, generatedAt, node, requester, purpose, ...body } = content;
    const joined = canonicalJoin({ format, number, version, generatedAt, node, requester, purpose }, canonicalMembers(body));
    expect(joined).toBe(canonicalJson(content));
    const members = canonicalMembers(body);
    expect(headerDigest({ format, number, version, generatedAt, node, requester, purpose }, bodyDigest(members))).toBe(contentDigest(content));
    expect(contentDigest(content)).toBe(sm3Hex(canonicalJson({ body: sm3Hex(canonicalJson(body)), header: { format, number, version, generatedAt, node, requester, purpose } })));
  });

  it('changes the digest for any change to the content, an added member too', () => {
    const content = assembleReport(input([['ADMIN_LICENSE', { access: 'public', authorisationId: null }]]));
    const d = contentDigest(content);
    expect(contentDigest({ ...content, objectionsInProgress: 1 })).not.toBe(d);
    expect(contentDigest({ ...content, purpose: 'working_capital' })).not.toBe(d);
    expect(contentDigest({ ...content, body: 'x' })).not.toBe(d);
    expect(contentDigest({ ...content, header: {} })).not.toBe(d);
  });

  it('answers a body only for the same inputs and drops the least recently used beyond its size', () => {
    const cache = createBodyCache(300);
    const members = (n: number) => new Map([['sections', 'x'.repeat(n)]]);
    const a = sm3Hex('inputs a');
    cache.set('A', { inputs: a, members: members(50), bodySm3: '' });
    expect(cache.get('A', a)?.members.get('sections')).toHaveLength(50);
    expect(cache.get('A', sm3Hex('inputs b'))).toBeUndefined();
    cache.set('B', { inputs: a, members: members(50), bodySm3: '' });
    cache.get('A', a);
    cache.set('C', { inputs: a, members: members(50), bodySm3: '' });
    expect([cache.get('A', a) !== undefined, cache.get('B', a) !== undefined, cache.get('C', a) !== undefined]).toEqual([true, false, true]);
    cache.set('D', { inputs: a, members: members(400), bodySm3: '' });
    expect(cache.get('D', a)).toBeUndefined();
  });
});
