import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Node tier in the platform network (SPEC §C15). */
export type NodeTier = 'county' | 'city' | 'province' | 'national';

export interface Config {
  port: number;
  host: string;
  /** Embedded database directory; ignored when databaseUrl is set. */
  dataDir: string;
  /** Run the embedded database in memory (throw-away). */
  memory: boolean;
  databaseUrl: string | null;
  nodeName: string;
  nodeTier: NodeTier;
  /** GB/T 2260 code of the region this node serves. */
  regionCode: string;
  /** Base URL other nodes reach this node at (XINRONG_PUBLIC_URL), e.g. https://xinrong.example.gov.cn; null = not announced. */
  publicUrl: string | null;
  /** Base URL of the upper node this node registers with and reports to (XINRONG_UPPER_NODE_URL); null at the top. */
  upperNodeUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlMinutes: number;
  /** Failed password attempts before the account is locked, and for how long. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Hex-encoded 32-byte key for field encryption at rest (FIELD_ENCRYPTION_KEY); generated in DATA_DIR when embedded. */
  fieldEncryptionKey: string | null;
  fieldEncryptionAlg: 'sm4-gcm' | 'aes-256-gcm';
  /** Algorithm of the platform's signing key (receipts, checkpoints): SM2 by default, Ed25519 selectable. */
  signingAlg: 'sm2' | 'ed25519';
  cookieSecure: boolean;
  /**
   * Institutions read data that needs an enterprise's authorisation only with a current information-security
   * assessment (REQUIRE_INSTITUTION_ASSESSMENT, default true; false while a node migrates its institutions' records).
   */
  requireInstitutionAssessment: boolean;
  bodyLimitBytes: number;
  /** Largest batch file accepted over HTTP; uploads stream to a temporary file, not into memory. */
  uploadLimitBytes: number;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Source = Record<string, string | undefined>;

/**
 * Reads configuration from the environment, optionally layered over a JSON file named by XINRONG_CONFIG
 * (environment wins). Every problem is collected and reported together so an operator fixes them in one go.
 */
export function loadConfig(env: Source = process.env, overrides: Partial<Config> = {}): Config {
  const file = env.XINRONG_CONFIG ? readConfigFile(env.XINRONG_CONFIG) : {};
  const src: Source = { ...file, ...env };
  const problems: string[] = [];

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = src[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = src[name];
    if (raw === undefined || raw === '') return def;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return def;
    }
    return raw as T;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = src[name];
    if (raw === undefined || raw === '') return def;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return def;
  };

  const databaseUrl = src.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const regionCode = src.XINRONG_REGION ?? '131000';
  if (!/^\d{6}$/.test(regionCode)) problems.push(`XINRONG_REGION must be a 6-digit GB/T 2260 code (got "${regionCode}")`);
  const key = src.FIELD_ENCRYPTION_KEY?.trim() || null;
  const url = (name: string): string | null => {
    const raw = src[name]?.trim() || null;
    if (raw && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(raw)) problems.push(`${name} must be an http(s) base URL without query (got "${raw}")`);
    return raw ? raw.replace(/\/+$/, '') : null;
  };
  if (key && !/^[0-9a-fA-F]{64}$/.test(key)) problems.push('FIELD_ENCRYPTION_KEY must be 64 hex characters (32 bytes)');

  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: src.HOST?.trim() || '127.0.0.1',
    dataDir: resolve(src.DATA_DIR?.trim() || './data'),
    memory: bool('XINRONG_MEMORY', false),
    databaseUrl,
    nodeName: src.XINRONG_NODE_NAME?.trim() || '廊坊市融资信用服务平台',
    nodeTier: oneOf('XINRONG_NODE_TIER', 'city', ['county', 'city', 'province', 'national'] as const),
    regionCode,
    publicUrl: url('XINRONG_PUBLIC_URL'),
    upperNodeUrl: url('XINRONG_UPPER_NODE_URL'),
    logLevel: oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    sessionTtlMinutes: int('SESSION_TTL_MINUTES', 480, 5, 60 * 24 * 30),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    fieldEncryptionKey: key,
    fieldEncryptionAlg: oneOf('FIELD_ENCRYPTION_ALG', 'sm4-gcm', ['sm4-gcm', 'aes-256-gcm'] as const),
    signingAlg: oneOf('SIGNING_ALG', 'sm2', ['sm2', 'ed25519'] as const),
    cookieSecure: bool('COOKIE_SECURE', false),
    requireInstitutionAssessment: bool('REQUIRE_INSTITUTION_ASSESSMENT', true),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    uploadLimitBytes: int('UPLOAD_LIMIT_BYTES', 4 * 1024 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readConfigFile(path: string): Source {
  if (!existsSync(path)) throw new ConfigError([`XINRONG_CONFIG points to ${path}, which does not exist`]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([`XINRONG_CONFIG ${path} is not valid JSON: ${(err as Error).message}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`XINRONG_CONFIG ${path} must hold a JSON object of NAME: value`]);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null ? undefined : String(v)]));
}
