import { Type } from 'typebox';

/** TypeBox schemas of the federation API (routes.ts) and of the node federation contract (docs/federation.openapi.yaml). */
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Tier = Type.Union(['county', 'city', 'province', 'national'].map((t) => Type.Literal(t)));
const Alg = Type.Union([Type.Literal('sm2'), Type.Literal('ed25519')]);
const NodeId = Type.String({ pattern: '^xr-(sm2|ed25519)-[0-9a-f]{16}$', description: "the node's signing key id: xr-<alg>-<first 16 hex of SM3(public key)>" });
const Region = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 region code' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const Sm3 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const PeerStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);

export const NodeIdentitySchema = Type.Object({
  nodeId: NodeId,
  tier: Tier,
  regionCode: Region,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  baseUrl: Nullable(Type.String({ maxLength: 500, description: 'where other nodes reach this node (XINRONG_PUBLIC_URL)' })),
  alg: Alg,
  publicKey: Type.String({ minLength: 32, maxLength: 200, description: 'SM2: 04‖x‖y hex; Ed25519: base64url' }),
}, { additionalProperties: false });

export const ProofSchema = Type.Object({
  timestamp: Type.String({ maxLength: 40, description: 'RFC 3339 with offset; at most 300 s from the receiver clock' }),
  nonce: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }),
  contentSm3: Sm3,
  signature: Type.String({ maxLength: 200, description: 'sm2=<128 hex r‖s> or ed25519=<base64>, over POST, path, timestamp, nonce, contentSm3' }),
}, { additionalProperties: false });

export const RegistrationBody = Type.Object({ node: NodeIdentitySchema, proof: ProofSchema }, { additionalProperties: false });
export const RegistrationAnswerSchema = Type.Object({ status: PeerStatus, upper: NodeIdentitySchema });

export const ExchangeItemSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:@#-]+$', description: "stable idempotency key, starting with the sender's node id" }),
  kind: Type.Union([Type.Literal('statistics'), Type.Literal('records')]),
  subject: Type.String({ minLength: 1, maxLength: 100, description: 'statistics: the month YYYY-MM; records: itemCode@through-date' }),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'xinrong.monthly-statistics/v1 or xinrong.shared-records/v1' }),
  payloadSm3: Sm3,
}, { additionalProperties: false });
export const ExchangeReceipt = Type.Object({ result: Type.Union([Type.Literal('stored'), Type.Literal('duplicate')]), key: Type.String() });

export const PeerSchema = Type.Object({
  nodeId: NodeId,
  relation: Type.Union([Type.Literal('upper'), Type.Literal('lower')]),
  tier: Tier,
  regionCode: Region,
  name: Type.String(),
  baseUrl: Type.String(),
  alg: Alg,
  publicKey: Type.String(),
  status: PeerStatus,
  registeredAt: Timestamp,
  approvedAt: Nullable(Timestamp),
  lastContactAt: Nullable(Timestamp),
  lastSuccessAt: Nullable(Timestamp),
  lastError: Nullable(Type.String()),
  lastErrorAt: Nullable(Timestamp),
  pending: Type.Integer(),
  sent: Type.Integer(),
  oldestPendingAt: Nullable(Timestamp),
  received: Type.Integer(),
  latestMonth: Nullable(Month),
  monthsBehind: Nullable(Type.Integer()),
});

export const OutboxItemSchema = Type.Object({
  key: Type.String(),
  peerNodeId: NodeId,
  kind: Type.Union([Type.Literal('statistics'), Type.Literal('records')]),
  subject: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent')]),
  attempts: Type.Integer(),
  nextAttemptAt: Timestamp,
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  receipt: Nullable(Type.Union([Type.Literal('stored'), Type.Literal('duplicate')])),
});

export const OverviewSchema = Type.Object({
  self: NodeIdentitySchema,
  upperNodeUrl: Nullable(Type.String()),
  reportMonth: Month,
  upper: Nullable(PeerSchema),
  lowers: Type.Array(PeerSchema),
  recent: Type.Array(OutboxItemSchema),
});

export const NodeParams = Type.Object({ nodeId: Type.String({ maxLength: 64 }) });
export const QueueReportBody = Type.Object({ month: Month }, { additionalProperties: false });
export const QueueReportAnswer = Type.Object({ key: Type.String(), queued: Type.Boolean() });
export const SyncBody = Type.Object({ nodeId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
export const SyncAnswer = Type.Object({ due: Type.Integer(), sent: Type.Integer(), duplicates: Type.Integer(), failed: Type.Integer() });
export const ReceivedList = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), kind: Type.String(), subject: Type.String(), payloadSm3: Sm3, receivedAt: Timestamp })),
});
