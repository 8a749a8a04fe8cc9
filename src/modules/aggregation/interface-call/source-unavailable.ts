import { AppError } from '../../../platform/http/index.ts';
import type { Localized } from '../../../platform/i18n/index.ts';
import type { CatalogItem } from '../../catalog/index.ts';

/** Why a provider gave no fresh answer. */
export type FailureReason = 'not_configured' | 'breaker_open' | 'timeout' | 'network' | 'server_error' | 'invalid_answer' | 'rejected';

const REASONS: Record<FailureReason, Localized> = {
  not_configured: { zh: '尚未配置接口地址', en: 'no endpoint is configured' },
  breaker_open: { zh: '连续失败，已暂停调用', en: 'calls are paused after repeated failures' },
  timeout: { zh: '响应超时', en: 'it did not answer in time' },
  network: { zh: '网络不可达', en: 'it could not be reached' },
  server_error: { zh: '服务端故障', en: 'it reported an error' },
  invalid_answer: { zh: '返回数据不符合信息资源目录', en: 'its answer did not match the catalog' },
  rejected: { zh: '拒绝了平台的请求', en: 'it refused the request' },
};

/** 503 SOURCE_UNAVAILABLE: the provider failed and the platform holds no earlier answer. */
export function sourceUnavailable(item: CatalogItem, reason: FailureReason, retryInMs: number): AppError {
  const why = REASONS[reason];
  const retryAfterSeconds = retryInMs > 0 ? Math.ceil(retryInMs / 1000) : undefined;
  return new AppError('SOURCE_UNAVAILABLE', 503, {
    zh: `数据源暂不可用：${item.provider.name}${why.zh}，平台也没有“${item.name}”的缓存数据，请稍后重试`,
    en: `The data source is unavailable: the ${item.provider.category} provider — ${why.en} — and the platform has no cached copy of "${item.nameEn}"; try again later`,
  }, { provider: item.provider.category, item: item.code, reason, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
}
