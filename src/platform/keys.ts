import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import { createFieldCipher, derivePublicKey, encodeBase64Url, hmacSm3, sm3Hex, type FieldCipher, type SigningAlgorithm } from './crypto/index.ts';

/** Key material the platform holds: the field cipher for data at rest and a key for blind indexes. */
export interface PlatformKeys {
  cipher: FieldCipher;
  /** HMAC key for blind indexes (equality search over encrypted values); derived from the field key. */
  indexKey: Buffer;
  /** The platform's signing key (receipts now; audit checkpoints later), derived from the master key. */
  signing: { alg: SigningAlgorithm; privateKey: string; publicKey: string; keyId: string };
}

// SM2 group order (GB/T 32918.5-2017): a private key is an integer in [1, n - 2].
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

function signingKeyFrom(seed: Buffer, alg: SigningAlgorithm): PlatformKeys['signing'] {
  const privateKey = alg === 'sm2'
    ? ((BigInt(`0x${seed.toString('hex')}`) % (SM2_N - 2n)) + 1n).toString(16).padStart(64, '0')
    : encodeBase64Url(seed);
  const publicKey = derivePublicKey(alg, privateKey);
  return { alg, privateKey, publicKey, keyId: `xr-${alg}-${sm3Hex(publicKey).slice(0, 16)}` };
}

/**
 * Production (DATABASE_URL) requires FIELD_ENCRYPTION_KEY from the environment or config file.
 * The embedded demo generates a key once into DATA_DIR/keys.json (mode 0600) so a restart can read its data;
 * in memory mode the key lives only as long as the process.
 */
export function loadPlatformKeys(config: Config): PlatformKeys {
  let hex = config.fieldEncryptionKey;
  if (!hex) {
    if (config.databaseUrl) {
      throw new ConfigError(['FIELD_ENCRYPTION_KEY is required with DATABASE_URL (64 hex characters; generate with `openssl rand -hex 32`)']);
    }
    hex = config.memory ? randomBytes(32).toString('hex') : embeddedKey(config.dataDir);
  }
  const master = Buffer.from(hex, 'hex');
  // Separate keys per purpose, derived with HMAC-SM3 so one leaked derived key does not reveal the other.
  const cipherKey = hmacSm3(master, 'xinrong field cipher v1');
  const indexKey = hmacSm3(master, 'xinrong blind index v1');
  const alg = config.fieldEncryptionAlg;
  const cipher = createFieldCipher({
    alg,
    keys: { k1: alg === 'sm4-gcm' ? cipherKey.subarray(0, 16) : cipherKey },
    activeKeyId: 'k1',
  });
  const signing = signingKeyFrom(hmacSm3(master, 'xinrong platform signing v1'), config.signingAlg);
  return { cipher, indexKey, signing };
}

function embeddedKey(dataDir: string): string {
  const file = join(dataDir, 'keys.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { fieldEncryptionKey?: string };
    if (!parsed.fieldEncryptionKey || !/^[0-9a-f]{64}$/.test(parsed.fieldEncryptionKey)) {
      throw new ConfigError([`${file} does not hold a valid fieldEncryptionKey`]);
    }
    return parsed.fieldEncryptionKey;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, JSON.stringify({ fieldEncryptionKey: key, note: 'embedded demo key; production sets FIELD_ENCRYPTION_KEY' }, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
