import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages.ts';

const zhCN = MESSAGES['zh-CN'];
const en = MESSAGES.en;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));

function flatten(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? flatten(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const keysOf = (tree: object) => new Set(flatten(tree).map((key) => key.replace(PLURAL_SUFFIX, '')));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('portal message catalogs', () => {
  it('have the same keys in Chinese and English', () => {
    expect([...keysOf(en)].sort()).toEqual([...keysOf(zhCN)].sort());
  });

  it('hold every literal key the portals look up', () => {
    const zhKeys = keysOf(zhCN);
    const missing: string[] = [];
    for (const file of sourceFiles(SOURCE_ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\('([a-zA-Z][\w.]*)'/g)) {
        if (!zhKeys.has(match[1])) missing.push(`${match[1]} (${file})`);
      }
      for (const match of text.matchAll(/label: '([a-z][\w.]*\.[\w.]+)'/g)) {
        if (!zhKeys.has(match[1])) missing.push(`${match[1]} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('label every role, entity type, size class and status the API defines', () => {
    const codes = {
      role: ['enterprise_legal_rep', 'enterprise_agent', 'inst_admin', 'inst_product_manager', 'inst_loan_officer',
        'inst_risk_officer', 'provider_admin', 'op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'],
      entityType: ['enterprise', 'individual_business', 'farmer_cooperative', 'other'],
      sizeClass: ['large', 'medium', 'small', 'micro', 'unknown'],
      status: ['active', 'revoked', 'cancelled', 'moved_out'],
      portal: ['enterprise', 'institution', 'provider', 'operator'],
    };
    for (const catalog of [zhCN, en]) {
      const keys = keysOf(catalog);
      for (const [group, values] of Object.entries(codes)) {
        for (const value of values) expect(keys.has(`${group}.${value}`), `${group}.${value}`).toBe(true);
      }
    }
  });
});
