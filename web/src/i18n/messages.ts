import zhCN from './zh-CN.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

/**
 * Portal messages: the shared catalogs (zh-CN.json, en.json) plus one pair per feature in modules/
 * (`<feature>.zh-CN.json`, `<feature>.en.json`), so features add their strings without editing one shared file.
 * A module's keys live under its own top-level name and must not collide with the shared ones.
 */
const modules = import.meta.glob<{ default: Tree }>('./modules/*.json', { eager: true });

function merge(target: Tree, source: Tree, path = ''): Tree {
  for (const [key, value] of Object.entries(source)) {
    const at = `${path}${key}`;
    const existing = target[key];
    if (typeof value === 'string' || typeof existing === 'string') {
      if (existing !== undefined) throw new Error(`i18n key ${at} is defined twice`);
      target[key] = value;
    } else {
      target[key] = merge((existing as Tree | undefined) ?? {}, value, `${at}.`);
    }
  }
  return target;
}

function build(base: Tree, suffix: string): Tree {
  const out = merge({}, base);
  for (const [file, mod] of Object.entries(modules)) if (file.endsWith(suffix)) merge(out, mod.default);
  return out;
}

export const MESSAGES: Record<'zh-CN' | 'en', Tree> = {
  'zh-CN': build(zhCN as Tree, '.zh-CN.json'),
  en: build(en as Tree, '.en.json'),
};
