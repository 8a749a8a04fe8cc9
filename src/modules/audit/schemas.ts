import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Hex32 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex of a 32-byte hash' });

export const PublicKeyReply = Type.Object({
  origin: Type.String({ description: 'the log origin, first line of every checkpoint' }),
  hashAlg: Type.String({ description: 'sm3 | sha256: leaf = H(0x00 ‖ entry), node = H(0x01 ‖ left ‖ right)' }),
  keyName: Type.String(),
  alg: Type.String({ description: 'sm2 | ed25519' }),
  publicKey: Type.String({ description: 'SM2: uncompressed point in hex; Ed25519: base64url of 32 bytes' }),
  verifierKey: Type.String({ description: 'C2SP signed-note verifier key <name>+<key id>+<key data>' }),
  keyId: Type.String(),
});

export const CheckpointQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('json')])),
});

export const CheckpointReply = Type.Object({
  size: Type.Integer(),
  root: Hex32,
  note: Type.String({ description: 'the C2SP signed note (checkpoint body, blank line, signature lines)' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const InclusionQuery = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  size: Type.Integer({ minimum: 1 }),
});

export const InclusionReply = Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leafHash: Hex32,
  proof: Type.Array(Hex32, { description: 'RFC 9162 §2.1.3 audit path, the leaf\'s sibling first' }),
});

export const ConsistencyQuery = Type.Object({
  from: Type.Integer({ minimum: 0 }),
  to: Type.Integer({ minimum: 0 }),
});

export const ConsistencyReply = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  proof: Type.Array(Hex32, { description: 'RFC 9162 §2.1.4 consistency proof' }),
});

const Actor = Type.Object({
  userId: Nullable(Type.String()),
  keyId: Nullable(Type.String()),
  role: Type.String(),
  orgId: Nullable(Type.String()),
  orgKind: Nullable(Type.String()),
});

/** One entry exactly as hashed (canonical form, see README): every field, nulls included. */
export const Entry = Type.Object({
  v: Type.Integer(),
  seq: Type.Integer(),
  time: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  action: Type.String(),
  actor: Actor,
  subject: Nullable(Type.String()),
  items: Type.Array(Type.String()),
  purpose: Nullable(Type.String()),
  authorisationId: Nullable(Type.String()),
  outcome: Type.String(),
  reason: Nullable(Type.String()),
  destination: Nullable(Type.String()),
  target: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const IndexParams = Type.Object({ index: Type.Integer({ minimum: 0 }) });

export const ReceiptReply = Type.Object({
  format: Type.String(),
  origin: Type.String(),
  hashAlg: Type.String(),
  index: Type.Integer(),
  entry: Entry,
  leafHash: Hex32,
  checkpoint: Type.String({ description: 'signed note of a tree head of size > index' }),
  treeSize: Type.Integer(),
  inclusionProof: Type.Array(Hex32),
  publicKey: PublicKeyReply,
});

const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }));

export const EntriesQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'entries at or after this time (ISO 8601)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'entries before this time' })),
  subject: Type.Optional(Type.String({ maxLength: 18, description: 'USCC of the enterprise the data is about' })),
  orgId: Type.Optional(Type.String({ maxLength: 64, description: 'the acting organisation' })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  outcome: Type.Optional(Type.Union([Type.Literal('allowed'), Type.Literal('refused'), Type.Literal('ok'), Type.Literal('failed')])),
  kind: Type.Optional(Type.Union([Type.Literal('access'), Type.Literal('change')])),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Limit,
});

export const EntriesReply = Type.Object({
  items: Type.Array(Type.Intersect([Entry, Type.Object({ leafHash: Hex32 })])),
  nextCursor: Nullable(Type.String()),
});

export const ExportQuery = Type.Object({
  fromSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  toSeq: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const MyAccessQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Limit,
});

export const MyAccessReply = Type.Object({
  items: Type.Array(Type.Object({
    seq: Type.Integer({ description: 'leaf index: ask for the receipt with /audit/receipts/{seq}' }),
    time: Type.String({ format: 'date-time' }),
    institution: Type.Object({ orgId: Nullable(Type.String()), orgKind: Nullable(Type.String()), name: Nullable(Type.String()) }),
    role: Type.String(),
    action: Type.String(),
    items: Type.Array(Type.String()),
    purpose: Nullable(Type.String()),
    authorisationId: Nullable(Type.String()),
    outcome: Type.String(),
    destination: Nullable(Type.String()),
  })),
  nextCursor: Nullable(Type.String()),
});

export const EvidenceParams = Type.Object({
  type: Type.String({ pattern: '^[a-z_]{1,40}$' }),
  id: Type.String({ minLength: 1, maxLength: 200 }),
});

export const EvidenceReply = Type.Object({
  items: Type.Array(Type.Object({
    seq: Type.Integer(),
    time: Type.String(),
    action: Type.String(),
    outcome: Type.String(),
    role: Type.String(),
  })),
});
