import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readRows, type ReadRowsOptions } from './index.ts';

// A forced collection before each reading makes heapUsed mean "live", not "not yet collected".
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

function liveBytes(): number {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** `total` bytes: a head, then whole-row blocks of about 64 KiB repeated (the same Buffers, as a file reader might). */
async function* generated(head: string, rows: (i: number) => string, total: number, tail = ''): AsyncGenerator<Uint8Array> {
  yield Buffer.from(head);
  const blocks = [0, 1, 2].map((b) => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 64 * 1024; i++) {
      const line = rows(b * 1000 + i);
      lines.push(line);
      size += Buffer.byteLength(line);
    }
    return Buffer.from(lines.join(''));
  });
  for (let sent = 0, i = 0; sent < total; i++) {
    const block = blocks[i % blocks.length];
    yield block;
    sent += block.length;
  }
  yield Buffer.from(tail);
}

/** Reads everything, sampling live memory every `every` rows; returns the row count and the largest growth. */
async function readMeasuring(source: AsyncIterable<Uint8Array>, opts: ReadRowsOptions, every: number) {
  const before = liveBytes();
  let growth = 0;
  let rows = 0;
  for await (const row of readRows(source, opts)) {
    rows++;
    if (row.problem) throw new Error(`row ${row.rowNumber}: ${row.problem.en}`);
    if (rows % every === 0) growth = Math.max(growth, liveBytes() - before);
  }
  return { rows, growth: Math.max(growth, liveBytes() - before) };
}

describe('memory', () => {
  it('reads a 200 MB CSV stream with less than 50 MB of memory growth', async () => {
    const header = 'uscc,name,region,industry,amount,date,status,phone,score,note\n';
    const row = (i: number) =>
      `9111000060003${String(i).padStart(5, '0')},北京某某科技有限公司第${i}分公司,110101,C39,${i}.25,2024-05-01,active,13812345678,${i % 100},"备注, 含逗号 ""引号""\n第二行"\n`;
    const { rows, growth } = await readMeasuring(generated(header, row, 200 * MB), { format: 'csv' }, 250_000);
    expect(rows).toBeGreaterThan(1_000_000);
    expect(growth).toBeLessThan(50 * MB);
  }, 120_000);

  it('reads a 100 MB JSON array with less than 50 MB of memory growth', async () => {
    const row = (i: number) => `{"uscc":"9111000060003${i}","name":"北京某某科技有限公司","amount":${i}.5,"tags":["a","b"],"active":true,"note":null},\n`;
    const { rows, growth } = await readMeasuring(generated('[\n', row, 100 * MB, '{"last":true}]'), { format: 'json' }, 100_000);
    expect(rows).toBeGreaterThan(500_000);
    expect(growth).toBeLessThan(50 * MB);
  }, 120_000);
});
