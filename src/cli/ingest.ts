import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { ConfigError } from '../platform/config.ts';
import type { Services } from '../app.ts';
import { formatFromFileName } from '../modules/aggregation/parse/index.ts';
import { progressBar } from './progress.ts';

export interface IngestOptions {
  item: string;
  batchId?: string;
  format?: 'csv' | 'json' | 'ndjson';
  encoding?: 'auto' | 'utf-8' | 'gbk';
  /** organisation id of the provider the batch is filed under; default: the only provider of the item's domain */
  provider?: string;
}

/**
 * `xinrong ingest FILE --item CODE`: an operator loads a provider's file. Same path as the API (validation,
 * versioning, quarantine, idempotency by batch id); progress on stderr; the summary as JSON on stdout.
 */
export async function ingestFile(services: Services, file: string, opts: IngestOptions): Promise<Record<string, unknown>> {
  const size = statSync(file).size;
  const format = opts.format ?? formatFromFileName(file);
  if (!format) throw new ConfigError([`cannot tell the format of ${file}: name it .csv/.json/.ndjson or pass --format`]);
  const item = await services.catalog.item(opts.item);
  if (!item) throw new ConfigError([`the catalog has no item ${opts.item}`]);
  const providers = await services.identity.organisations('provider', item.provider.category);
  const provider = opts.provider ? providers.find((p) => p.id === opts.provider) : providers.length === 1 ? providers[0] : undefined;
  if (!provider) {
    throw new ConfigError([
      opts.provider
        ? `organisation ${opts.provider} is not a provider of ${item.provider.category} data`
        : `choose the provider with --provider <organisation id>; candidates for ${item.provider.category}: ${providers.map((p) => `${p.id} (${p.name})`).join(', ') || 'none registered'}`,
    ]);
  }
  // Default batch id: the file's name and size, so loading the same file twice is recognised as a resend.
  const batchKey = opts.batchId ?? `file-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${size}`;
  let pass = 0;
  let bar: ReturnType<typeof progressBar> | undefined;
  const open = () => {
    pass++;
    bar?.stop();
    const current = progressBar(pass === 1 ? `checking ${basename(file)}` : `writing ${basename(file)}`, size);
    bar = current;
    return (async function* () {
      let read = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        read += chunk.length;
        current.update(read);
        yield chunk;
      }
    })();
  };
  try {
    const result = await services.aggregation.submit({
      submitter: { orgId: provider.id, orgKind: 'operator', category: item.provider.category, actor: `cli:${userInfo().username}` },
      batchKey, itemCode: item.code, format, encoding: opts.encoding, source: 'cli', open,
    });
    return result;
  } finally {
    bar?.stop();
  }
}
