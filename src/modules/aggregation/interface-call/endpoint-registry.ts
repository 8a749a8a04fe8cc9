import type { Db } from '../../../platform/db/index.ts';
import type { FieldCipher } from '../../../platform/crypto/index.ts';
import { badRequest } from '../../../platform/http/index.ts';
import { providerEndpointStore, secretAad, type ProviderEndpointRow } from './endpoint-store.ts';
import { DEFAULT_KEY_ID, type ProviderEndpoint } from './provider-contract.ts';

/** What operators see of an endpoint: never the secret, only whether one is set. */
export interface ProviderEndpointView {
  category: string;
  baseUrl: string;
  keyId: string;
  hasSecret: boolean;
  updatedAt: string;
  updatedBy: string | null;
}

export interface EndpointInput {
  baseUrl: string;
  keyId?: string;
  /** A new shared secret; null removes it; omitted keeps the stored one. */
  secret?: string | null;
}

export const CATEGORY = /^[a-z][a-z0-9_]{0,39}$/;
const KEY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A provider base URL: http or https, a host, no credentials, query or fragment (the contract's paths are
 * appended). Returned without a trailing slash.
 */
export function normaliseBaseUrl(text: string): string {
  const invalid = (why: { zh: string; en: string }) =>
    badRequest('ENDPOINT_URL_INVALID', { zh: `接口地址无效：${why.zh}`, en: `The endpoint URL is not valid: ${why.en}` }, { field: 'baseUrl' });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid({ zh: '不是完整的网址（例如 https://tax.example.gov.cn/xr）', en: 'not an absolute URL (e.g. https://tax.example.gov.cn/xr)' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid({ zh: '只支持 http 或 https', en: 'only http and https are supported' });
  if (!url.hostname) throw invalid({ zh: '缺少主机名', en: 'the host is missing' });
  if (url.username || url.password) throw invalid({ zh: '网址中不得包含用户名或密码，请使用共享密钥', en: 'no user name or password in the URL; use the shared secret' });
  if (url.search || url.hash || text.includes('?') || text.includes('#')) throw invalid({ zh: '不得包含查询参数或片段', en: 'no query or fragment' });
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The provider endpoint registry: where the platform calls each provider category, with the shared secret
 * encrypted at rest. Resolutions are cached for `ttlMs` so a change made on another node arrives within it;
 * a change made here applies at once.
 */
export function createEndpointRegistry(deps: { db: Db; cipher: FieldCipher; clock?: () => number; ttlMs?: number }) {
  const store = providerEndpointStore(deps.db);
  const clock = deps.clock ?? Date.now;
  const ttlMs = deps.ttlMs ?? 5000;
  const cache = new Map<string, { at: number; endpoint: ProviderEndpoint | undefined }>();

  const view = (r: ProviderEndpointRow): ProviderEndpointView => ({
    category: r.provider_category,
    baseUrl: r.base_url,
    keyId: r.key_id,
    hasSecret: r.secret_enc !== null,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  });

  return {
    async resolve(category: string): Promise<ProviderEndpoint | undefined> {
      const hit = cache.get(category);
      if (hit && clock() - hit.at < ttlMs) return hit.endpoint;
      const row = await store.get(category);
      const endpoint = row && {
        baseUrl: row.base_url,
        keyId: row.key_id,
        secret: row.secret_enc === null ? undefined : deps.cipher.decrypt(row.secret_enc, secretAad(category)),
      };
      cache.set(category, { at: clock(), endpoint });
      return endpoint;
    },

    async list(): Promise<ProviderEndpointView[]> {
      return (await store.list()).map(view);
    },

    async set(category: string, input: EndpointInput, updatedBy: string | null): Promise<ProviderEndpointView> {
      if (!CATEGORY.test(category)) {
        throw badRequest('PROVIDER_CATEGORY_INVALID', { zh: '数据提供方类别代码无效', en: 'The provider category code is not valid' }, { field: 'category' });
      }
      const baseUrl = normaliseBaseUrl(input.baseUrl);
      const keyId = input.keyId ?? DEFAULT_KEY_ID;
      if (!KEY_ID.test(keyId)) throw badRequest('KEY_ID_INVALID', { zh: '密钥编号格式无效', en: 'The key id is not valid' }, { field: 'keyId' });
      let secretEnc: string | null;
      if (input.secret === undefined) secretEnc = (await store.get(category))?.secret_enc ?? null;
      else secretEnc = input.secret === null ? null : deps.cipher.encrypt(input.secret, secretAad(category));
      const row = await store.upsert({ provider_category: category, base_url: baseUrl, key_id: keyId, secret_enc: secretEnc, updated_at: new Date(clock()), updated_by: updatedBy });
      cache.delete(category);
      return view(row);
    },
  };
}

export type EndpointRegistry = ReturnType<typeof createEndpointRegistry>;
