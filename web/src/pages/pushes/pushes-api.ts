/**
 * C9 公开信息批量推送 — the push API as the institution pages consume it (shapes: src/modules/pushes/schemas.ts).
 * The server collects, masks and stores the batches; the pages only show them and send the subscription.
 */
import { query } from '../../api/client.ts';
import { sendJson } from '../calendar/calendar-api.ts';

export type PushFrequency = 'daily' | 'weekly';

export interface PushSubscription {
  subscribed: boolean;
  regionPrefixes: string[];
  industryPrefixes: string[];
  items: string[];
  frequency: PushFrequency;
  nextDueAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface PublicItem {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  fields: { code: string; name: string; nameEn: string; personal: boolean }[];
}

export interface PushBatch {
  id: string;
  trigger: 'scheduled' | 'on_demand';
  period: string;
  frequency: PushFrequency;
  regionPrefixes: string[];
  industryPrefixes: string[];
  items: string[];
  entryCount: number;
  counts: Record<string, number>;
  createdAt: string;
  readyAt: string | null;
}

export interface PushEntry {
  uscc: string;
  entityName: string;
  regionCode: string;
  industryCode: string;
  item: string;
  recordKey: string;
  version: number;
  change: 'inserted' | 'updated';
  validFrom: string;
  data: Record<string, string | number | boolean | null>;
  masked: string[];
}

export const PUSH_PATHS = {
  items: '/pushes/items',
  subscription: '/pushes/subscription',
  batches: (cursor: string | null, limit: number) => `/pushes/batches${query({ cursor, limit })}`,
  batch: (id: string) => `/pushes/batches/${encodeURIComponent(id)}`,
  entries: (id: string, item: string | null, cursor: string | null, limit: number) =>
    `/pushes/batches/${encodeURIComponent(id)}/entries${query({ item, cursor, limit })}`,
};

export const REGION_PREFIX = /^[0-9]{2,6}$/;
export const INDUSTRY_PREFIX = /^[A-T][0-9]{0,4}$/;

export function savePushSubscription(body: { regionPrefixes: string[]; industryPrefixes: string[]; items: string[]; frequency: PushFrequency }): Promise<PushSubscription> {
  return sendJson<PushSubscription>('PUT', PUSH_PATHS.subscription, body);
}
