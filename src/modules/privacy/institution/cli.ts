import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Command } from 'commander';
import { parseCsv } from '../../scoring/index.ts';
import { createSignedTransport } from './transport.ts';
import { runPsi, type PsiState } from './psi-client.ts';
import { runTraining } from './train-client.ts';

/**
 * The institution's command line (runs at the institution, against the platform's signed machine API):
 *   npx tsx src/modules/privacy/institution/cli.ts psi   --url URL --key-id ID --ids customers.txt --out intersection.txt
 *   npx tsx src/modules/privacy/institution/cli.ts train --url URL --key-id ID --psi-job JOB --csv book.csv --id-column uscc --label-column bad
 * The API secret comes from XR_API_SECRET (never a command-line argument, which other users can see).
 */
const program = new Command();
program.name('xinrong-privacy').description('Institution side of xinrong private set intersection and federated logistic regression');

function transport(o: { url: string; keyId: string }) {
  const secret = process.env.XR_API_SECRET;
  if (!secret) throw new Error('set XR_API_SECRET to the API key secret');
  return createSignedTransport({ baseUrl: o.url, keyId: o.keyId, secret });
}

const line = (s: string) => process.stderr.write(`\r${s.padEnd(70)}`);

program.command('psi')
  .description('Find the enterprises both the institution and the platform hold; prints the intersection size')
  .requiredOption('--url <url>', 'platform base URL, e.g. https://xinrong.example.gov.cn')
  .requiredOption('--key-id <id>', 'API key id of the institution')
  .requiredOption('--ids <file>', 'the institution’s ids (USCCs), one per line')
  .option('--out <file>', 'write the intersection here, one id per line', 'intersection.txt')
  .option('--state <file>', 'resume file (keeps the job id, the secret exponent and the order; delete after use)', '.xinrong-psi-state.json')
  .option('--chunk-size <n>', 'points per request', (v) => Number(v))
  .action(async (o: { url: string; keyId: string; ids: string; out: string; state: string; chunkSize?: number }) => {
    const ids = readFileSync(o.ids, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    const state = existsSync(o.state) ? JSON.parse(readFileSync(o.state, 'utf8')) as PsiState : undefined;
    const r = await runPsi(transport(o), ids, {
      state, chunkSize: o.chunkSize,
      onState: (s) => writeFileSync(o.state, JSON.stringify(s), { mode: 0o600 }),
      onProgress: (phase, done, total) => line(`${phase}: ${done}/${total}`),
    });
    writeFileSync(o.out, r.intersection.join('\n') + '\n');
    process.stderr.write(`\njob ${r.jobId}: ${r.intersection.length} of ${ids.length} ids are on the platform → ${o.out}\n`);
  });

program.command('train')
  .description('Train a logistic model jointly with the platform on the intersection of a PSI job (the guest side of hetero-LR)')
  .requiredOption('--url <url>', 'platform base URL')
  .requiredOption('--key-id <id>', 'API key id of the institution')
  .requiredOption('--psi-job <id>', 'a finished PSI job')
  .requiredOption('--csv <file>', 'the institution’s features and labels, one row per enterprise')
  .option('--intersection <file>', 'the intersection the psi command wrote', 'intersection.txt')
  .option('--id-column <name>', 'id column', 'uscc')
  .requiredOption('--label-column <name>', 'label column: 1 = bad, 0 = good')
  .option('--batch-size <n>', 'mini-batch size', (v) => Number(v))
  .option('--max-iterations <n>', 'mini-batch steps at most', (v) => Number(v))
  .option('--learning-rate <x>', 'gradient step', (v) => Number(v))
  .option('--out <file>', 'write the institution’s part of the model here', 'guest-model.json')
  .action(async (o: { url: string; keyId: string; psiJob: string; csv: string; intersection: string; idColumn: string; labelColumn: string; batchSize?: number; maxIterations?: number; learningRate?: number; out: string }) => {
    const table = parseCsv(readFileSync(o.csv, 'utf8'));
    const header = table[0];
    const idAt = header.indexOf(o.idColumn);
    const yAt = header.indexOf(o.labelColumn);
    if (idAt < 0 || yAt < 0) throw new Error(`columns ${o.idColumn} and ${o.labelColumn} must exist`);
    const names = header.filter((_, j) => j !== idAt && j !== yAt);
    const rows = new Map<string, number[]>();
    const labels = new Map<string, number>();
    for (const r of table.slice(1)) {
      rows.set(r[idAt], header.flatMap((_, j) => (j === idAt || j === yAt ? [] : [Number(r[j])])));
      labels.set(r[idAt], Number(r[yAt]));
    }
    const ids = readFileSync(o.intersection, 'utf8').split(/\r?\n/).filter(Boolean);
    const model = await runTraining(transport(o), { ids, names, rows, labels }, {
      psiJobId: o.psiJob, batchSize: o.batchSize, maxIterations: o.maxIterations, learningRate: o.learningRate,
      onProgress: (t, step) => line(`step ${step + 1}: ${Math.round(t.progress * 100)}% ${t.status} ‖∇‖=${Number(t.summary.gradientNorm ?? NaN).toExponential(2)}`),
    });
    writeFileSync(o.out, JSON.stringify(model, null, 2));
    process.stderr.write(`\ntraining ${model.trainingId} ${model.training.status} → ${o.out}\n`);
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
