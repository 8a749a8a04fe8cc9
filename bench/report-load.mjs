// Load generator of P3 (bench/report.bench.ts), run as its own process so its CPU is not the server's event loop:
// POSTs report requests at a constant arrival rate over keep-alive connections to 127.0.0.1 only, bounded in count
// and time, and prints one JSON line of latencies. Latency is measured from each request's scheduled start, so a
// server that falls behind is charged for the queueing it causes (no coordinated omission).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

// the settings come in a file (thousands of USCCs do not belong on a command line)
const { url, cookie, usccs, rate, seconds, warmupSeconds } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const target = new URL(url);
if (target.hostname !== '127.0.0.1') throw new Error('the load generator only targets 127.0.0.1');
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const interval = 1000 / rate;

function once(uscc) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ uscc });
    const req = http.request({
      agent, host: '127.0.0.1', port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie },
    }, (res) => {
      let size = 0;
      res.on('data', (chunk) => { size += chunk.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, size }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, size: 0, error: err.message }));
    req.end(body);
  });
}

async function phase(count, record) {
  const t0 = performance.now();
  // Outstanding requests are counted, not kept: holding 30,000 settled promises grows this process's heap until its
  // own major collections pause it — and a pause here would be charged to the server as latency.
  let outstanding = 0;
  let allDone = null;
  const settle = () => {
    outstanding--;
    if (outstanding === 0 && allDone) allDone();
  };
  let closed = false;
  for (let i = 0; i < count; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const uscc = usccs[i % usccs.length];
    outstanding++;
    once(uscc).then((r) => {
      if (closed) return; // counted as unfinished already
      if (record) record(r, performance.now() - due, due - t0);
      settle();
    });
    // hard time bound: never run past the phase plus 15 s
    if (performance.now() - t0 > (count * interval) + 15_000) break;
  }
  // Bounded in time too: answers still missing 10 s after the last send are counted as errors ('unfinished').
  const settled = outstanding === 0 || await Promise.race([
    new Promise((r) => { allDone = () => r(true); }),
    new Promise((r) => setTimeout(() => r(false), 10_000).unref()),
  ]);
  closed = true;
  if (!settled && record) for (let i = 0; i < outstanding; i++) record({ status: 0, size: 0, error: 'unfinished' }, NaN, 0);
  return (performance.now() - t0) / 1000;
}

await phase(Math.round(rate * warmupSeconds), null);
const latencies = [];
// the slowest answer to requests sent in each second: shows whether the tail is spread out or comes in bursts
const worstBySecond = new Array(Math.ceil(seconds)).fill(0);
const errors = {};
let bytes = 0;
const startedAt = new Date().toISOString();
const elapsed = await phase(Math.round(rate * seconds), (r, ms, sentAt) => {
  if (!Number.isNaN(ms)) {
    latencies.push(ms);
    const s = Math.min(worstBySecond.length - 1, Math.floor(sentAt / 1000));
    if (ms > worstBySecond[s]) worstBySecond[s] = ms;
  }
  bytes += r.size;
  if (r.status !== 200) {
    const key = r.error ?? String(r.status);
    errors[key] = (errors[key] ?? 0) + 1;
  }
});
agent.destroy();
// requests still open after the bound must not keep the process alive; exit once the (piped, asynchronous) write is out
process.stdout.write(`${JSON.stringify({ latencies, worstBySecond, startedAt, errors, elapsed, bytes })}\n`, () => process.exit(0));
