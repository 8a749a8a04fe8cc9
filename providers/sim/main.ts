/**
 * Provider simulator CLI: a tax bureau, utility company and housing-fund centre implementing the provider
 * contract (docs/provider-contract.openapi.yaml) over the same demo registry `xinrong serve --demo` seeds.
 *
 *     npx tsx providers/sim/main.ts --port 8091
 *     PROVIDER_SIM_SECRET=… npx tsx providers/sim/main.ts   # require HMAC-SM3 signed calls
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEMO_DEFAULTS } from './enterprises.ts';
import { startProviderSim } from './server.ts';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer between ${min} and ${max}`);
    return n;
  };
}

const program = new Command()
  .name('provider-sim')
  .description('xinrong provider simulator: tax, utilities and housing fund over the demo registry')
  .option('--port <port>', 'port to listen on (0 = random)', integer(0, 65535), 8091)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--enterprises <n>', 'demo enterprises the providers know (as `serve --demo --enterprises`)', integer(1, 10_000_000), DEMO_DEFAULTS.enterprises)
  .option('--seed <seed>', 'demo generator seed (as `xinrong seed --seed`)', String(DEMO_DEFAULTS.seed))
  .option('--region <code>', 'GB/T 2260 region of the node (XINRONG_REGION)', process.env.XINRONG_REGION ?? DEMO_DEFAULTS.regionCode)
  .option('--reference-date <date>', 'month end the data describes, YYYY-MM-DD (default: end of last month)')
  .option('--key-id <id>', 'accept signatures only under this key id (default: any key id with the secret)')
  .option('--quiet', 'log warnings only')
  .option('--exit-with-stdin', 'exit when standard input closes (a parent process that starts the simulator went away)');

program.parse(process.argv);
const opts = program.opts<{ port: number; host: string; enterprises: number; seed: string; region: string; referenceDate?: string; keyId?: string; quiet?: boolean; exitWithStdin?: boolean }>();

const secret = process.env.PROVIDER_SIM_SECRET?.trim() || undefined;
const started = Date.now();
const sim = await startProviderSim({
  port: opts.port,
  host: opts.host,
  enterprises: opts.enterprises,
  // Numeric seeds go through their decimal text in the generator, so '20261123' and 20261123 agree.
  seed: opts.seed,
  regionCode: opts.region,
  referenceDate: opts.referenceDate,
  secret,
  keyId: opts.keyId,
  logger: { level: opts.quiet ? 'warn' : 'info' },
});
console.log(`provider simulator serving at ${sim.url}/provider/v1 (${sim.registry.size} enterprises, data as of ${sim.dataset.asOf}, ready in ${Date.now() - started} ms)`);
console.log(`items: ${[...sim.dataset.items.keys()].join(', ')}`);
console.log(sim.signed
  ? 'signed requests required (HMAC-SM3 with PROVIDER_SIM_SECRET)'
  : 'PROVIDER_SIM_SECRET is not set: accepting UNSIGNED calls (demo mode)');

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await sim.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
// A parent that went away closes our stdout too: writing to it then fails (EPIPE); that is the signal to stop.
process.stdout.on('error', () => void shutdown());
if (opts.exitWithStdin) {
  process.stdin.on('end', () => void shutdown());
  process.stdin.on('error', () => void shutdown());
  process.stdin.resume();
}
process.on('SIGINT', () => void shutdown());
