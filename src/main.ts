import { Command, Option } from 'commander';
import { loadConfig, ConfigError, type Config } from './platform/config.ts';
import { createPlatform } from './platform/platform.ts';
import { migrate, openDatabase } from './platform/db/index.ts';
import { buildApp, createServices } from './app.ts';
import { formatDemoCredentials, seedDemo, seedDemoLoans, seedDemoPolicies, seedDemoProducts, seedEnterprises } from './modules/demo/index.ts';
import { totpCode } from './platform/auth/totp.ts';
import { progressBar } from './cli/progress.ts';
import { ingestFile } from './cli/ingest.ts';
import { auditCommand } from './cli/audit.ts';
import { registerScorecardCommand } from './cli/scorecard.ts';
import { registerEvaluateCommand } from './cli/evaluate.ts';
import { loadSimulatedBatches, registerSimulatedProviders, startProviderSimChild, type ProviderSimChild } from './cli/provider-sim-child.ts';
import { AppError } from './platform/http/index.ts';
import { VERSION } from './modules/site/index.ts';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const program = new Command();
program.name('xinrong').description('xinrong (信融) financing credit service platform').version(VERSION);

function configFrom(opts: { port?: string; host?: string; dataDir?: string; memory?: boolean }): Config {
  const env = { ...process.env };
  if (opts.port !== undefined) env.PORT = opts.port;
  if (opts.host !== undefined) env.HOST = opts.host;
  if (opts.dataDir !== undefined) env.DATA_DIR = opts.dataDir;
  if (opts.memory) env.XINRONG_MEMORY = 'true';
  return loadConfig(env);
}

program
  .command('serve')
  .description('Start the node: migrate, seed demo data on first start (with --demo), serve the API and portals')
  .option('--port <port>', 'port to listen on (PORT, default 8080)')
  .option('--host <host>', 'address to bind (HOST, default 127.0.0.1)')
  .option('--data-dir <dir>', 'embedded database folder (DATA_DIR, default ./data)')
  .option('--memory', 'throw-away in-memory embedded database')
  .option('--demo', 'seed the demo data set on first start')
  .addOption(new Option('--enterprises <n>', 'demo enterprises to generate on first start').default('2000'))
  .option('--no-provider-sim', 'with --demo: do not start the provider simulator (tax, utilities, housing fund)')
  .action(async (opts) => {
    const started = Date.now();
    const config = configFrom(opts);
    const platform = await createPlatform(config);
    const services = createServices(platform);
    const app = await buildApp(platform, services);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    let sim: ProviderSimChild | undefined;
    if (opts.demo) {
      const creds = await seedDemo(platform, services, { enterprises: Number(opts.enterprises) });
      console.log(formatDemoCredentials(creds, url));
    } else {
      console.log(`xinrong is serving at ${url}`);
    }
    platform.ready = true;
    // Full coverage (C6): a node that has never evaluated starts the first run now, in the background.
    if (!(await services.evaluation.lastCompletedRun())) void services.evaluation.startRun('schedule', undefined, (err) => app.log.error({ err }, 'first evaluation run failed'));
    // C6 scorecards: the demo bank's simulated loan book (first start only), in the background.
    if (opts.demo) {
      void seedDemoLoans(platform, services).then(
        (n) => { if (n) console.log(`demo loan book: ${n} loans with outcomes from the demo bank (train a scorecard at /operator/scorecards)`); },
        (err: unknown) => app.log.error({ err }, 'seeding the demo loan book failed'),
      );
      // C8: the demo bank's products, published through the operator review (first start only).
      void seedDemoProducts(services).then(
        (n) => { if (n) console.log(`demo products: ${n} loan products published by the demo bank (see /products)`); },
        (err: unknown) => app.log.error({ err }, 'seeding the demo products failed'),
      );
      // C13: the demo financing support policies, published by the demo operator (first start only).
      void seedDemoPolicies(services).then(
        (n) => { if (n) console.log(`demo policies: ${n} financing support policies published (see /policies)`); },
        (err: unknown) => app.log.error({ err }, 'seeding the demo policies failed'),
      );
    }
    // The demo's tax, utilities and housing-fund items are served live by the provider simulator, a separate
    // process started after the node is ready (it does not delay start-up); then the first utility batches load.
    const simStarted = opts.demo && opts.providerSim
      ? startProviderSimChild({ enterprises: Number(opts.enterprises), regionCode: config.regionCode }).then(async (child) => {
        sim = child;
        const registered = await registerSimulatedProviders(services, child);
        console.log(`provider simulator at ${child.url} (${registered.join(', ') || 'endpoints already set elsewhere'})`);
        const batches = await loadSimulatedBatches(services, child);
        if (batches.length) console.log(`first provider batches: ${batches.join(', ')}`);
      }).catch((err: unknown) => app.log.error({ err }, 'the provider simulator could not start; interface-call items will answer "source unavailable"'))
      : Promise.resolve();
    console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (database: ${platform.db.kind}${config.databaseUrl ? '' : config.memory ? ', in memory' : `, ${config.dataDir}`})`);
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      const force = setTimeout(() => process.exit(1), 15000);
      force.unref();
      await app.close();
      await simStarted;
      await sim?.stop();
      await platform.db.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations (DATABASE_URL or the embedded database in DATA_DIR)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    const config = configFrom(opts);
    const db = await openDatabase(config);
    const applied = await migrate(db, (f) => console.log(`applied ${f}`));
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
    await db.close();
  });

program
  .command('seed')
  .description('Generate demo market entities deterministically and bulk-load them (COPY)')
  .option('--data-dir <dir>', 'embedded database folder')
  .option('--enterprises <n>', 'number of enterprises', '2000')
  .option('--seed <seed>', 'generator seed', '20261123')
  .option('--accounts', 'also create the demo organisations and logins (first time only)')
  .action(async (opts) => {
    const config = configFrom(opts);
    const platform = await createPlatform(config);
    const n = Number(opts.enterprises);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError([`--enterprises must be a positive integer (got ${opts.enterprises})`]);
    const bar = progressBar('seeding enterprises', n);
    const started = Date.now();
    if (opts.accounts) {
      const creds = await seedDemo(platform, createServices(platform), { enterprises: n, seed: opts.seed, onProgress: (d) => bar.update(d) });
      bar.stop();
      console.log(formatDemoCredentials(creds, `http://${config.host}:${config.port}`));
    } else {
      const { count } = await seedEnterprises(platform, { enterprises: n, seed: opts.seed, onProgress: (d) => bar.update(d) });
      bar.stop();
      const s = (Date.now() - started) / 1000;
      console.log(`${count} enterprises loaded in ${s.toFixed(1)} s (${Math.round(count / s)} rows/s)`);
    }
    await platform.db.close();
  });

program
  .command('ingest <file>')
  .description('Load a provider batch file (CSV UTF-8/GBK, JSON, NDJSON) into one catalog item: validated, versioned, quarantined, idempotent by batch id')
  .requiredOption('--item <code>', 'catalog item code, e.g. UTILITY_WATER')
  .option('--batch-id <id>', 'batch id (idempotency key; default: file name and size)')
  .option('--format <format>', 'csv, json or ndjson (default: from the file name)')
  .option('--encoding <encoding>', 'auto, utf-8 or gbk (CSV only; default auto-detect)', 'auto')
  .option('--provider <orgId>', 'provider organisation the batch is filed under (default: the only provider of the item)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (file: string, opts) => {
    const config = configFrom(opts);
    const platform = await createPlatform(config);
    const services = createServices(platform);
    try {
      await services.catalog.ensureSeeded();
      const result = await ingestFile(services, file, { item: opts.item, batchId: opts.batchId, format: opts.format, encoding: opts.encoding, provider: opts.provider });
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await platform.db.close();
    }
  });

program.addCommand(auditCommand(configFrom));

program
  .command('totp <username>')
  .description('Print the current one-time code of a demo user (reads the demo credentials file; demo installations only)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action((username: string, opts) => {
    const config = configFrom(opts);
    const file = [join(config.dataDir, 'demo-credentials.json'), join(process.cwd(), 'demo-credentials.json')].find(existsSync);
    if (!file) throw new ConfigError(['no demo-credentials.json found: this command only serves demo installations']);
    const creds = JSON.parse(readFileSync(file, 'utf8')) as { users: { username: string; totpSecret: string | null }[] };
    const user = creds.users.find((u) => u.username === username);
    if (!user?.totpSecret) throw new ConfigError([`demo user ${username} has no TOTP secret`]);
    console.log(totpCode(user.totpSecret, Date.now()));
  });

registerScorecardCommand(program);
registerEvaluateCommand(program, configFrom);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof AppError) {
    // A refusal the command can explain (a broken batch file, a reused batch id …): its code and message, no stack.
    console.error(`${err.code}: ${err.text.en}\n${err.text.zh}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
