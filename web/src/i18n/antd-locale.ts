import zhCNModule from 'antd/es/locale/zh_CN.js';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale } from 'antd/es/locale/index.js';
import type { Language } from './index.ts';

/**
 * antd ships no package `exports`/`type`, so TypeScript (NodeNext) types these ES modules as CommonJS and
 * sees the module object where the bundler hands us the default export. Accept either shape.
 */
function defaultExport(module: Locale | { default: Locale }): Locale {
  return 'default' in module ? module.default : module;
}

const zhCN = defaultExport(zhCNModule as unknown as Locale | { default: Locale });
const enUS = defaultExport(enUSModule as unknown as Locale | { default: Locale });

export function antdLocale(language: Language): Locale {
  return language === 'en' ? enUS : zhCN;
}
