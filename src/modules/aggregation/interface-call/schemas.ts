import { Type, type Static } from 'typebox';

/** A record as the catalog item's fields: decimals as strings, dates YYYY-MM-DD, absent values null. */
export const RecordSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]));

export const LiveParams = Type.Object({
  uscc: Type.String({ maxLength: 64 }),
  item: Type.String({ maxLength: 64 }),
});

export const LiveReply = Type.Object({
  uscc: Type.String(),
  item: Type.String(),
  records: Type.Array(RecordSchema),
  fetchedAt: Type.String({ format: 'date-time', description: 'when the platform got this answer from the provider' }),
  stale: Type.Boolean({ description: 'true when the provider is unavailable now and this is the cached earlier answer' }),
  source: Type.Union([Type.Literal('provider'), Type.Literal('cache')]),
  provider: Type.String({ description: 'provider category, e.g. tax' }),
  asOf: Type.Union([Type.String(), Type.Null()], { description: "the provider's own as-of time for the data" }),
});

export const BreakerSchema = Type.Object({
  state: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
  consecutiveFailures: Type.Integer(),
  retryAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const EndpointView = Type.Object({
  category: Type.String(),
  baseUrl: Type.String(),
  keyId: Type.String(),
  hasSecret: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  breaker: BreakerSchema,
});

export const EndpointParams = Type.Object({ category: Type.String({ maxLength: 40 }) });

export const EndpointBody = Type.Object({
  baseUrl: Type.String({ minLength: 8, maxLength: 500, description: 'http(s) URL the contract paths are appended to, e.g. https://tax.example.gov.cn/xr' }),
  keyId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{1,128}$', description: 'x-xr-key-id the platform signs with (default xinrong)' })),
  secret: Type.Optional(Type.Union([
    Type.String({ minLength: 16, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' }),
    Type.Null(),
  ], { description: 'HMAC-SM3 shared secret: a string sets it, null removes it, omitted keeps the stored one' })),
}, { additionalProperties: false });
export type EndpointBodyInput = Static<typeof EndpointBody>;
