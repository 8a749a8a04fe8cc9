import { createReadStream, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readRows } from '../src/modules/aggregation/parse/index.ts';
import { checkRow, headerMapper } from '../src/modules/aggregation/validate.ts';
import { bundledCatalog } from '../src/modules/catalog/index.ts';
import { generateEnterprises } from '../src/modules/entities/index.ts';
import { createRecordWriter } from '../src/modules/aggregation/ingest.ts';
import { createFieldCipher } from '../src/platform/crypto/index.ts';
const item = bundledCatalog().categories.flatMap((c) => c.items).find((i) => i.code === 'UTILITY_WATER')!;
const ents = [...generateEnterprises({ count: 50000, seed: 7, regionPrefix: '1310' })];
const lines = [item.fields.map((f) => f.code).join(',')];
for (let i = 0; i < 200000; i++) { const e = ents[i % ents.length]; lines.push([e.name, '法人及非法人组织', e.uscc, `W${i}`, '', '12.5', '13.25', '否', '2026-10-31'].join(',')); }
const dir = mkdtempSync(join(tmpdir(), 'p1p-')); const path = join(dir, 'w.csv'); writeFileSync(path, lines.join('\n') + '\n');
let t = performance.now(); let n = 0;
for await (const r of readRows(createReadStream(path, { highWaterMark: 1 << 20 }), { format: 'csv', mapHeader: headerMapper(item) })) { void r; n++; }
console.log('parse', n, (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); const rows = [];
for await (const r of readRows(createReadStream(path, { highWaterMark: 1 << 20 }), { format: 'csv', mapHeader: headerMapper(item) })) rows.push(r);
console.log('parse+collect', (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); const now = new Date(); const checked = rows.map((r) => checkRow(item, r.values, now));
console.log('checkRow', (performance.now() - t).toFixed(0), 'ms');
const cipher = createFieldCipher({ alg: 'sm4-gcm', keys: { k1: randomBytes(16) }, activeKeyId: 'k1' });
const w = createRecordWriter({ db: null as never, store: null as never, cipher, macKey: randomBytes(32) });
t = performance.now(); for (let i = 0; i < checked.length; i++) { const c = checked[i]; if (c.ok) w.prepare(item, c.values, i); }
console.log('prepare', (performance.now() - t).toFixed(0), 'ms');
