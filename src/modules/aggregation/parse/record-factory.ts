/**
 * Builds the values object of a CSV row from its cells. A loop of `values[keys[i]] = cell` walks ten hidden-class
 * transitions through one megamorphic store per row (~150–250 ns, a fifth of the budget for a million rows a
 * second); an object literal of fixed shape costs ~20 ns. So the literal is compiled once per header.
 * (Computed keys `[k[i]]: c[i]` would keep header text out of the source, but measured 50–1500 ns: V8 does
 * not keep such a site fast once it has seen keys that are not internalized strings.)
 */
export type RecordFactory = (cells: string[]) => Record<string, unknown>;

// One factory per distinct header, reused by every batch with that header: compiling the same source again
// measured a 5x slower second batch (V8 deoptimises the parser for the new function and is slow to recover).
const compiled = new Map<string, RecordFactory>();
const MAX_COMPILED = 256;

export function recordFactory(keys: readonly string[]): RecordFactory {
  // In an object literal "__proto__": x sets the prototype instead of adding a field (header.ts refuses it too).
  if (!keys.includes('__proto__')) {
    // JSON.stringify yields a complete JavaScript string literal for any string (every quote, backslash and
    // control character escaped; U+2028/U+2029 are legal in literals since ES2019), so header text cannot
    // escape into code.
    const source = `return { ${keys.map((key, i) => `${JSON.stringify(key)}: c[${i}]`).join(', ')} };`;
    const known = compiled.get(source);
    if (known !== undefined) return known;
    try {
      const factory = new Function('c', source) as RecordFactory;
      if (compiled.size >= MAX_COMPILED) compiled.clear();
      compiled.set(source, factory);
      return factory;
    } catch (err) {
      // Node started with --disallow-code-generation-from-strings: same result below, only slower.
      if (!(err instanceof EvalError)) throw err;
    }
  }
  return (cells) => {
    const values: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) values[keys[i]] = cells[i];
    return values;
  };
}
