import type { Db } from '../../../platform/db/index.ts';
import { badRequest, forbidden, notFound } from '../../../platform/http/index.ts';
import type { CatalogItem, CatalogService } from '../../catalog/index.ts';
import { qualityStore, type SnapshotRow, type UsageMode } from './store.ts';

/**
 * C3 data quality (数据质量) per provider and item, and usage feedback (使用反馈) to providers.
 *
 * Definitions (also in the API descriptions, schemas.ts):
 * - coverage (归集率): registered enterprises (the registry, module entities) with at least one current record of
 *   the item ÷ all registered enterprises;
 * - completeness: over the item's current records, filled fields ÷ (records × fields), reported for all fields and
 *   for the optional fields alone (ingest enforces the required ones). A non-personal field is filled when it holds
 *   a value other than null or ''. Personal fields are encrypted and never decrypted for statistics: they count as
 *   filled when the record carries personal data at all (personal_enc is not null);
 * - timeliness: the age of the newest completed batch that accepted at least one row, against the interval the
 *   item's updateFrequency promises (EXPECTED_DAYS): on_time when age ≤ interval, late beyond it, never without any;
 * - error rate: rows quarantined ÷ rows received, over completed batches of the last `windowDays` days (default 30).
 * Interface-call and verification items hold no stored records: their indicators are null / not_applicable.
 * Percentages are basis points (0–10000), rounded half up.
 */

const DAY_MS = 86_400_000;
/** The platform's calendar is China Standard Time (UTC+8, no daylight saving): a snapshot belongs to that day. */
const CST_OFFSET_MS = 8 * 3_600_000;

/** The interval an item's update frequency promises, in days (a month at most 31, a quarter 92, a year 366). */
export const EXPECTED_DAYS: Record<CatalogItem['updateFrequency'], number> = {
  realtime: 1, daily: 1, monthly: 31, quarterly: 92, yearly: 366,
};

export const DEFAULT_ERROR_WINDOW_DAYS = 30;

export type Timeliness = 'on_time' | 'late' | 'never' | 'not_applicable';

export interface ItemQuality {
  item: string;
  name: string;
  nameEn: string;
  providerCategory: string;
  providerName: string;
  sharingMode: CatalogItem['sharingMode'];
  updateFrequency: CatalogItem['updateFrequency'];
  registeredEnterprises: number;
  coveredEnterprises: number;
  currentRecords: number;
  coverageBp: number | null;
  completeness: { fields: number; optionalFields: number; allBp: number | null; optionalBp: number | null };
  timeliness: { status: Timeliness; expectedDays: number; lastReceivedAt: string | null; ageDays: number | null };
  errors: { windowDays: number; batches: number; rowsReceived: number; rowsQuarantined: number; rateBp: number | null };
}

export interface Viewer {
  orgId: string;
  orgKind: string;
}

export interface QualityDeps {
  db: Db;
  catalog: CatalogService;
  /** the registry's size (module entities) */
  entities: { count(): Promise<number> };
  identity: { organisation(id: string): Promise<{ id: string; kind: string; name: string; category: string | null } | null | undefined> };
  clock?: () => number;
}

/** part ÷ whole in basis points, rounded half up; null when there is no whole. */
export function basisPoints(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 10_000) / whole) : null;
}

/** The calendar day (YYYY-MM-DD, China Standard Time) of an instant. */
export function dayOf(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function createQualityService(deps: QualityDeps) {
  const store = qualityStore(deps.db);
  const clock = deps.clock ?? Date.now;

  async function catalogItems(): Promise<CatalogItem[]> {
    return (await deps.catalog.current()).categories.flatMap((c) => c.items);
  }

  async function measure(category: string | null, windowDays: number): Promise<ItemQuality[]> {
    const now = clock();
    const items = (await catalogItems()).filter((i) => category === null || i.provider.category === category);
    const [registered, counts, filled, last, rows] = await Promise.all([
      deps.entities.count(), store.recordCounts(), store.filledFields(), store.lastAccepted(), store.batchRows(new Date(now - windowDays * DAY_MS)),
    ]);
    const countsBy = new Map(counts.map((c) => [c.item_code, c]));
    const filledBy = new Map(filled.map((f) => [`${f.item_code}\u0000${f.field}`, f.filled]));
    const lastBy = new Map(last.map((l) => [l.item_code, l.last_at]));
    const rowsBy = new Map(rows.map((r) => [r.item_code, r]));

    return items.map((item): ItemQuality => {
      const physical = item.sharingMode === 'physical';
      const c = countsBy.get(item.code) ?? { current_records: 0, covered_enterprises: 0, with_personal: 0 };
      const filledOf = (f: CatalogItem['fields'][number]) => (f.personal ? c.with_personal : filledBy.get(`${item.code}\u0000${f.code}`) ?? 0);
      const optional = item.fields.filter((f) => !f.required);
      const filledAll = item.fields.reduce((n, f) => n + filledOf(f), 0);
      const filledOptional = optional.reduce((n, f) => n + filledOf(f), 0);
      const expectedDays = EXPECTED_DAYS[item.updateFrequency];
      const lastAt = lastBy.get(item.code) ?? null;
      const ageMs = lastAt ? Math.max(0, now - lastAt.getTime()) : null;
      const status: Timeliness = !physical ? 'not_applicable' : ageMs === null ? 'never' : ageMs <= expectedDays * DAY_MS ? 'on_time' : 'late';
      const r = rowsBy.get(item.code) ?? { batches: 0, rows_received: 0, rows_quarantined: 0 };
      return {
        item: item.code, name: item.name, nameEn: item.nameEn,
        providerCategory: item.provider.category, providerName: item.provider.name,
        sharingMode: item.sharingMode, updateFrequency: item.updateFrequency,
        registeredEnterprises: registered, coveredEnterprises: c.covered_enterprises, currentRecords: c.current_records,
        coverageBp: physical ? basisPoints(c.covered_enterprises, registered) : null,
        completeness: {
          fields: item.fields.length, optionalFields: optional.length,
          allBp: physical ? basisPoints(filledAll, c.current_records * item.fields.length) : null,
          optionalBp: physical ? basisPoints(filledOptional, c.current_records * optional.length) : null,
        },
        timeliness: { status, expectedDays, lastReceivedAt: lastAt?.toISOString() ?? null, ageDays: ageMs === null ? null : Math.floor(ageMs / DAY_MS) },
        errors: {
          windowDays, batches: r.batches, rowsReceived: r.rows_received, rowsQuarantined: r.rows_quarantined,
          rateBp: physical ? basisPoints(r.rows_quarantined, r.rows_received) : null,
        },
      };
    });
  }

  return {
    /**
     * The provider category a viewer may look at: operators any (or all, null); a provider only its own —
     * asking for another provider's category is refused rather than silently narrowed.
     */
    async scopeFor(viewer: Viewer, requested: string | undefined): Promise<string | null> {
      if (viewer.orgKind === 'operator') return requested ?? null;
      if (viewer.orgKind !== 'provider') throw forbidden('QUALITY_NOT_YOURS', { zh: '只有运营方和数据提供方可查看数据质量', en: 'Only operators and data providers see data quality' });
      const own = (await deps.identity.organisation(viewer.orgId))?.category ?? null;
      if (own === null) throw forbidden('PROVIDER_CATEGORY_UNKNOWN', { zh: '本单位未登记提供的数据类别', en: 'Your organisation has no provider category' });
      if (requested !== undefined && requested !== own) {
        throw forbidden('ITEM_NOT_YOURS', { zh: '只能查看本单位提供的信息项', en: 'You can only see the items your organisation provides' });
      }
      return own;
    },

    /** The current indicators of every item (of one provider category when given). */
    items(category: string | null, windowDays = DEFAULT_ERROR_WINDOW_DAYS): Promise<ItemQuality[]> {
      return measure(category, windowDays);
    },

    /** The provider category of an item, refused when the item is not in the catalog. */
    async categoryOf(itemCode: string): Promise<string> {
      const item = await deps.catalog.item(itemCode);
      if (!item) throw notFound('ITEM_UNKNOWN', { zh: `目录中没有信息项 ${itemCode}`, en: `The catalog has no item ${itemCode}` });
      return item.provider.category;
    },

    /**
     * Takes today's snapshot (China Standard Time) of every item: one row per day and item, a second snapshot on the
     * same day replaces the first. Returns the day and how many items it holds.
     */
    async takeSnapshot(): Promise<{ day: string; items: number; takenAt: string }> {
      const now = clock();
      const day = dayOf(now);
      const figures = await measure(null, DEFAULT_ERROR_WINDOW_DAYS);
      for (const q of figures) {
        await store.upsertSnapshot({
          day, item_code: q.item, provider_category: q.providerCategory,
          registered_enterprises: q.registeredEnterprises, covered_enterprises: q.coveredEnterprises, current_records: q.currentRecords,
          coverage_bp: q.coverageBp, completeness_all_bp: q.completeness.allBp, completeness_optional_bp: q.completeness.optionalBp,
          timeliness: q.timeliness.status, age_days: q.timeliness.ageDays,
          rows_received: q.errors.rowsReceived, rows_quarantined: q.errors.rowsQuarantined, error_rate_bp: q.errors.rateBp,
        }, new Date(now));
      }
      return { day, items: figures.length, takenAt: new Date(now).toISOString() };
    },

    /** Whether today's snapshot exists (the daily timer takes one only when it does not). */
    async hasTodaysSnapshot(): Promise<boolean> {
      return store.hasSnapshot(dayOf(clock()));
    },

    /** The daily snapshots of one item over the last `days` days (today included), oldest first. */
    async trend(itemCode: string, days: number) {
      if (!Number.isInteger(days) || days < 1 || days > 731) throw badRequest('DAYS_INVALID', { zh: '天数应为 1–731', en: 'days must be 1–731' });
      const from = dayOf(clock() - (days - 1) * DAY_MS);
      return (await store.snapshots(itemCode, from)).map(snapshotOut);
    },

    /**
     * Usage feedback: who used the items (of one provider category when given) since `days` days ago, grouped by
     * consumer organisation, item, purpose and mode, with the number of uses, distinct enterprises and the last use.
     */
    async usage(category: string | null, days: number) {
      const since = new Date(clock() - days * DAY_MS);
      const rows = await store.usage(category, since);
      const names = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.consumer_org_id))) names.set(id, (await deps.identity.organisation(id))?.name ?? id);
      const items = new Map((await catalogItems()).map((i) => [i.code, i]));
      return rows.map((r) => ({
        consumerOrgId: r.consumer_org_id, consumerName: names.get(r.consumer_org_id) ?? r.consumer_org_id,
        item: r.item_code, itemName: items.get(r.item_code)?.name ?? r.item_code, itemNameEn: items.get(r.item_code)?.nameEn ?? r.item_code,
        providerCategory: r.provider_category, purpose: r.purpose, mode: r.mode as UsageMode,
        uses: r.uses, enterprises: r.enterprises, lastUsedAt: r.last_used_at.toISOString(),
      }));
    },
  };
}

function snapshotOut(s: SnapshotRow) {
  return {
    day: s.day, coverageBp: s.coverage_bp, completenessAllBp: s.completeness_all_bp, completenessOptionalBp: s.completeness_optional_bp,
    errorRateBp: s.error_rate_bp, timeliness: s.timeliness, ageDays: s.age_days,
    registeredEnterprises: s.registered_enterprises, coveredEnterprises: s.covered_enterprises, currentRecords: s.current_records,
    rowsReceived: s.rows_received, rowsQuarantined: s.rows_quarantined, takenAt: s.taken_at.toISOString(),
  };
}

export type QualityService = ReturnType<typeof createQualityService>;
