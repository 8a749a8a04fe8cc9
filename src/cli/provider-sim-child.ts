import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomToken } from '../platform/crypto/index.ts';
import { signRequest } from '../platform/auth/request-signing.ts';
import type { Services } from '../app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Provider domains the simulator serves (providers/sim). */
export const SIMULATED_PROVIDERS = ['tax', 'utilities', 'housing_fund'] as const;

export interface ProviderSimChild {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the provider simulator as its own process (SPEC C3: a separate process speaking the provider contract)
 * for the demo: a random shared secret, a random loopback port, and it exits when this process goes away
 * (its stdin closes), so a killed node leaves no simulator behind.
 */
export async function startProviderSimChild(opts: { enterprises: number; regionCode: string }): Promise<ProviderSimChild & { secret: string }> {
  const secret = randomToken(24);
  const child: ChildProcess = spawn(process.execPath, [
    '--import', 'tsx', 'providers/sim/main.ts', '--port', '0', '--quiet', '--exit-with-stdin',
    '--enterprises', String(opts.enterprises), '--region', opts.regionCode,
  ], { cwd: ROOT, env: { ...process.env, PROVIDER_SIM_SECRET: secret }, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the provider simulator did not start within 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /serving at (http:\/\/[^\s]+)\/provider\/v1/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the provider simulator exited with ${code}`));
    });
  });
  child.stdout?.resume();
  return {
    url, secret,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Points the simulated provider domains at the simulator — only where no endpoint is set or the one set is on
 * loopback (an earlier demo run), so an operator's real provider endpoint is never overwritten.
 */
export async function registerSimulatedProviders(services: Services, sim: { url: string; secret: string }): Promise<string[]> {
  const existing = new Map((await services.interfaceCall.endpoints.list()).map((e) => [e.category, e.baseUrl]));
  const registered: string[] = [];
  for (const category of SIMULATED_PROVIDERS) {
    const current = existing.get(category);
    if (current && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(current)) continue;
    await services.interfaceCall.endpoints.set(category, { baseUrl: sim.url, secret: sim.secret }, null);
    registered.push(category);
  }
  return registered;
}

/** Physical items the simulator exports as batch files (the utilities provider pushes these). */
const SIMULATED_BATCH_ITEMS = ['UTILITY_WATER', 'UTILITY_GAS'] as const;

/**
 * First demo start: the utilities provider's first monthly batches, taken from the simulator's export and sent
 * through the same ingest path a provider uses, so the demo has aggregated records, versions and quality figures.
 */
export async function loadSimulatedBatches(services: Services, sim: { url: string; secret: string }): Promise<string[]> {
  const [provider] = await services.identity.organisations('provider', 'utilities');
  if (!provider) return [];
  const loaded: string[] = [];
  for (const item of SIMULATED_BATCH_ITEMS) {
    if ((await services.aggregation.store.listBatches({ item, providerOrgId: provider.id, limit: 1 })).length) continue;
    const path = `/provider/v1/items/${item}/export?format=csv`;
    const res = await fetch(sim.url + path, { headers: signRequest({ method: 'GET', pathWithQuery: path, keyId: 'xinrong', secret: sim.secret }) });
    if (!res.ok) throw new Error(`the provider simulator refused the ${item} export: ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const month = /filename="[A-Z_]+-(\d{8})\./.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'first';
    const r = await services.aggregation.submit({
      submitter: { orgId: provider.id, orgKind: 'provider', category: 'utilities', actor: 'demo' },
      batchKey: `demo-${item}-${month}`, itemCode: item, format: 'csv', source: 'api', open: () => (async function* () { yield body; })(),
    });
    loaded.push(`${item} ${r.counts.inserted}`);
  }
  return loaded;
}
