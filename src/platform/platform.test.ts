import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { jsonDepthExceeds } from './http/body.ts';
import { decodeCursor, encodeCursor } from './http/cursor.ts';
import { localeFrom } from './i18n/index.ts';
import { copyTextField, int8ToNumber } from './db/db.ts';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: null, nodeTier: 'city', regionCode: '131000' });
  });

  it('reports every invalid setting at once with the variable name', () => {
    try {
      loadConfig({ PORT: 'eighty', XINRONG_NODE_TIER: 'galaxy', DATABASE_URL: 'mysql://x', FIELD_ENCRYPTION_KEY: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const { problems } = err as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/XINRONG_NODE_TIER/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/FIELD_ENCRYPTION_KEY/);
    }
  });

  it('refuses a config file that does not exist', () => {
    expect(() => loadConfig({ XINRONG_CONFIG: '/nonexistent/xinrong.json' })).toThrow(ConfigError);
  });
});

describe('request bodies', () => {
  it('measures JSON nesting without being fooled by brackets inside strings', () => {
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[[[[[["}'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":"\\"[[[["}'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[1]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('[[[1]]]'), 3)).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trips a sort key and rejects an altered cursor', () => {
    expect(decodeCursor(encodeCursor(['91131002MA0000000X']), 1)).toEqual(['91131002MA0000000X']);
    expect(decodeCursor(undefined, 1)).toBeNull();
    expect(() => decodeCursor('%%%', 1)).toThrow(/cursor/);
    expect(() => decodeCursor(encodeCursor(['a', 'b']), 1)).toThrow(/cursor/);
  });
});

describe('locale negotiation', () => {
  it('answers in Chinese unless English is preferred', () => {
    expect(localeFrom(undefined)).toBe('zh-CN');
    expect(localeFrom('en-US,en;q=0.9')).toBe('en');
    expect(localeFrom('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFrom('en;q=0.5,zh;q=0.9')).toBe('zh-CN');
    expect(localeFrom('fr-FR')).toBe('zh-CN');
  });
});

describe('driver normalisation', () => {
  it('turns int8 into a number only when it is exact', () => {
    expect(int8ToNumber('9007199254740991')).toBe(9007199254740991);
    expect(() => int8ToNumber('9007199254740993')).toThrow(RangeError);
  });
  it('escapes COPY text fields', () => {
    expect(copyTextField(null)).toBe('\\N');
    expect(copyTextField('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
  });
});
