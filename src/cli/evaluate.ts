import type { Command } from 'commander';
import { ConfigError, type Config } from '../platform/config.ts';
import { createPlatform } from '../platform/platform.ts';
import { createAuditLog } from '../modules/audit/index.ts';
import { createEvaluationService } from '../modules/evaluation/index.ts';
import { progressBar } from './progress.ts';

type ConfigFrom = (opts: { dataDir?: string }) => Config;

/**
 * `xinrong evaluate --all` (full coverage with a progress bar) and `xinrong evaluate --uscc CODE` (one
 * enterprise). Reads the database directly (DATABASE_URL, or the embedded folder while no server holds it); the
 * run is recorded in evaluation_runs and appended to the audit log like a scheduled one.
 */
export function registerEvaluateCommand(program: Command, configFrom: ConfigFrom): void {
  program
    .command('evaluate')
    .description('Public-credit comprehensive evaluation (C6): score, grade, reasons and tags of every registered enterprise (--all) or of one (--uscc)')
    .option('--all', 'evaluate every registered enterprise')
    .option('--uscc <code>', 'evaluate one enterprise and print its evaluation as JSON')
    .option('--chunk <n>', 'enterprises per transaction', '5000')
    .option('--data-dir <dir>', 'embedded database folder')
    .action(async (opts: { all?: boolean; uscc?: string; chunk: string; dataDir?: string }) => {
      if (!opts.all === !opts.uscc) throw new ConfigError(['give either --all or --uscc <code>']);
      const chunkSize = Number(opts.chunk);
      if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new ConfigError([`--chunk must be a positive integer (got ${opts.chunk})`]);
      const config = configFrom(opts);
      const platform = await createPlatform(config);
      const audit = createAuditLog({ db: platform.db, keys: platform.keys, config: { nodeName: config.nodeName } });
      const evaluation = createEvaluationService({ db: platform.db, audit, chunkSize });
      try {
        if (opts.uscc) {
          if (!(await evaluation.evaluateOne(opts.uscc))) throw new ConfigError([`${opts.uscc} is not a registered enterprise`]);
          console.log(JSON.stringify(await evaluation.enterprise(opts.uscc), null, 2));
          return;
        }
        let bar: ReturnType<typeof progressBar> | undefined;
        const result = await evaluation.evaluateAll({
          trigger: 'cli',
          onProgress: (done, total) => {
            bar ??= progressBar('evaluating enterprises', total);
            bar.update(done);
          },
        });
        bar?.stop();
        const s = result.ms / 1000;
        console.log(`${result.total} enterprises evaluated with model version ${result.modelVersion} in ${s.toFixed(1)} s (${Math.round(result.total / Math.max(s, 0.001))}/s); run ${result.runId}`);
      } finally {
        await audit.flush();
        await platform.db.close();
      }
    });
}
