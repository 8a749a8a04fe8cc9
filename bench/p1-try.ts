import { benchAggregation } from '/work/main/bench/aggregation.bench.ts';
const r = await benchAggregation(Number(process.argv[2] ?? 200000));
console.log(JSON.stringify(r, null, 1));
