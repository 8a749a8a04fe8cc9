import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import type { NonceStore } from '../../platform/auth/nonce-store.ts';
import type { AuditSink } from '../audit/index.ts';

/** A JSON document as exchanged between nodes. */
export type JsonDocument = Record<string, unknown>;

/**
 * What federation needs of C14 statistics (src/modules/statistics/index.ts): this node's monthly figures
 * (`xinrong.monthly-statistics/v1`) and a place for a lower node's figures, which the dashboards show.
 */
export interface StatisticsPort {
  monthlyReport(month: string): Promise<object>;
  recordLowerNodeReport(r: { nodeId: string; nodeName: string; regionCode: string; month: string; report: never }): Promise<{ replaced: boolean }>;
}

/** What federation needs of C3 aggregation to share records between nodes (wired in app.ts through its index.ts). */
export interface RecordSharingPort {
  /** Published current records of an item dated on or before a day, in (uscc, key) order after a cursor. */
  published(itemCode: string, dateField: string, onOrBefore: string, after: [string, string] | null, limit: number): Promise<{ uscc: string; key: string; data: Record<string, unknown> }[]>;
  /** Stores rows received from another node as one batch submitted by that node's organisation (validated, versioned). */
  store(submitter: { orgId: string }, batchKey: string, itemCode: string, rows: Record<string, unknown>[]): Promise<void>;
}

export interface FederationDeps {
  db: Db;
  /** read at call time: the public URL and the upper node's URL may be set after start-up (tests bind port 0) */
  config: Config;
  keys: PlatformKeys;
  audit: AuditSink;
  clock: () => number;
  /** replay guard shared with the platform's signed requests */
  nonceStore: NonceStore;
  /** identity: trust a peer's key under its node id (role 'node'); answers the organisation id */
  trustNodeKey(n: { nodeId: string; name: string; regionCode: string; alg: 'ed25519' | 'sm2'; publicKey: string }): Promise<string>;
  statistics: StatisticsPort | null;
  records: RecordSharingPort | null;
}
