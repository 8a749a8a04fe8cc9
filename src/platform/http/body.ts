import type { FastifyInstance } from 'fastify';
import { badRequest } from './problem.ts';

/** Deepest JSON nesting accepted; real payloads are shallow and deep nesting is an attack on parsers. */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON bodies are read as bytes first so signed requests can be checked against the exact bytes sent,
 * then parsed with prototype-poisoning protection and a depth limit.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.decorateRequest('rawBody', null);
  app.decorateRequest('upload', null);
  const parseSafely = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'application/problem+json'], { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
      return done(badRequest('BODY_TOO_DEEP', { zh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`, en: `JSON nesting is deeper than ${MAX_JSON_DEPTH} levels` }), undefined);
    }
    parseSafely(request, raw.toString('utf8'), (err, value) => {
      if (err) return done(badRequest('BODY_MALFORMED', { zh: 'JSON 格式错误', en: 'The body is not valid JSON' }), undefined);
      done(null, value);
    });
  });
  // Anything else that arrives as a body is kept as bytes (batch uploads declare their own parsers).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, body);
  });
}

/** Scans bracket depth outside strings without recursion, so a hostile body cannot exhaust the stack. */
export function jsonDepthExceeds(raw: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
