import type { Config, NodeTier } from '../../platform/config.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { sm3Hex, type SigningAlgorithm } from '../../platform/crypto/index.ts';

/** How a node presents itself to other nodes (GET /federation/node, registrations). */
export interface NodeIdentity {
  nodeId: string;
  tier: NodeTier;
  regionCode: string;
  name: string;
  /** where other nodes reach it; null when XINRONG_PUBLIC_URL is not set */
  baseUrl: string | null;
  alg: SigningAlgorithm;
  publicKey: string;
}

export const TIERS: readonly NodeTier[] = ['county', 'city', 'province', 'national'];

/**
 * A node's id is its signing key's id (as keys.ts derives it): anyone holding the public key can recompute it, so an
 * id cannot be claimed with somebody else's key.
 */
export function nodeIdOf(alg: SigningAlgorithm, publicKey: string): string {
  return `xr-${alg}-${sm3Hex(publicKey).slice(0, 16)}`;
}

/** This node's identity, read from the configuration each time (the public URL may be set after start-up in tests). */
export function localIdentity(config: Pick<Config, 'nodeTier' | 'regionCode' | 'nodeName' | 'publicUrl'>, keys: Pick<PlatformKeys, 'signing'>): NodeIdentity {
  return {
    nodeId: keys.signing.keyId, tier: config.nodeTier, regionCode: config.regionCode, name: config.nodeName,
    baseUrl: config.publicUrl, alg: keys.signing.alg, publicKey: keys.signing.publicKey,
  };
}
