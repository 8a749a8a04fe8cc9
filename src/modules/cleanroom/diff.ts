/**
 * What changed between two versions of a spec, for the operator who approves the new one: one line per changed
 * leaf. Characteristics and terms are matched by feature (not position), so reordering them is no change.
 */
export interface SpecChange { path: string; change: 'added' | 'removed' | 'changed'; before: unknown; after: unknown }

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const KEYED = new Set(['characteristics', 'terms']);

function byFeature(list: Json[]): Map<string, Json> {
  return new Map(list.map((x, i) => [isObject(x) && typeof x.feature === 'string' ? x.feature : `#${i}`, x]));
}

function walk(path: string, a: Json, b: Json, out: SpecChange[], key = '') {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, change: 'added', before: null, after: b });
  if (b === undefined) return void out.push({ path, change: 'removed', before: a, after: null });
  if (Array.isArray(a) && Array.isArray(b)) {
    if (KEYED.has(key)) {
      const left = byFeature(a);
      const right = byFeature(b);
      for (const k of new Set([...left.keys(), ...right.keys()])) walk(`${path}[${k}]`, left.get(k), right.get(k), out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(path ? `${path}.${k}` : k, a[k], b[k], out, k);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, change: 'changed', before: a, after: b });
}

/** Changes from `before` (null: the first version, everything is added) to `after`. */
export function specDiff(before: Json | null, after: Json): SpecChange[] {
  const out: SpecChange[] = [];
  walk('', before ?? undefined, after, out);
  return out;
}
