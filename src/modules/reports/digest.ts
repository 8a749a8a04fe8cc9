/**
 * Report numbers and digests. A report's digest is SM3 over the RFC 8785 canonical JSON of its content, in two steps
 * (contentDigest; an outside verifier rebuilds it with any JCS library and SM3); a PDF is additionally known by the
 * SM3 of the whole file as delivered, so changing any byte of a downloaded PDF fails verification.
 */
import { randomBytes } from 'node:crypto';
import { sm3Hex } from '../../platform/crypto/index.ts';
import { canonicalJson } from '../audit/index.ts';
import type { ReportContent } from './schemas.ts';

/** Crockford-style alphabet without I, L, O, U: a number read aloud or retyped is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The China-time calendar day of an instant (reports are dated as the people reading them date them). */
function cstDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

// Random bytes drawn from the CSPRNG a few kilobytes at a time: one call per report number costs more than the rest of it.
let pool = Buffer.alloc(0);
let used = 0;
function random10(): Buffer {
  if (used + 10 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  used += 10;
  return pool.subarray(used - 10, used);
}

/** XR-<node region code>-<yyyymmdd, China time>-<10 random characters, 50 bits>: unguessable, so a number alone reveals nothing. */
export function reportNumber(regionCode: string, at: Date, random: Buffer = random10()): string {
  let tail = '';
  for (let i = 0; i < 10; i++) tail += ALPHABET[random[i] & 31];
  return `XR-${regionCode}-${cstDay(at)}-${tail}`;
}

export const REPORT_NUMBER = /XR-[0-9A-Z]{1,12}-[0-9]{8}-[0-9A-Z]{10}/;

/** The members of a report's content that say what it says about the enterprise (its body); the others are its header. */
export const BODY_MEMBERS: ReadonlySet<string> = new Set(['registry', 'evaluation', 'sections', 'objectionsInProgress', 'withheld', 'notIncluded']);

/**
 * A report's digest, in two steps so that a body many generations share is digested once (SM3 is the slow part of
 * a generation): bodySm3 = SM3(JCS(the body members)), digest = SM3(JCS({"body": bodySm3, "header": the other
 * members})). Every member that is not a body member — one added to a file too — is in the header, so any change
 * to the content changes the digest. JCS is RFC 8785 (the audit log's canonical form); SM3 over its UTF-8 bytes.
 */
export function contentDigest(content: ReportContent | Record<string, unknown>): string {
  const header: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(content)) (BODY_MEMBERS.has(k) ? body : header)[k] = v;
  return headerDigest(header, sm3Hex(canonicalJson(body)));
}

export const headerDigest = (header: Record<string, unknown>, bodySm3: string): string => sm3Hex(canonicalJson({ body: bodySm3, header }));

/** SM3 of a body given as canonical member texts (canonicalMembers): what contentDigest computes for the same members. */
export const bodyDigest = (members: ReadonlyMap<string, string>): string => sm3Hex(canonicalJoin({}, members));

/** The RFC 8785 text of each member of an object, computed once for content many generations share (a report body). */
export function canonicalMembers(value: Record<string, unknown>): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.set(k, canonicalJson(v));
  return parts;
}

/**
 * The RFC 8785 text of `{ ...fresh, ...members }` where `members` are already canonical texts (canonicalMembers):
 * the members are merged in key order (UTF-16 code units, as canonicalJson sorts), so only `fresh` is canonicalised.
 */
export function canonicalJoin(fresh: Record<string, unknown>, members: ReadonlyMap<string, string>): string {
  const texts = new Map(members);
  for (const [k, v] of Object.entries(fresh)) if (v !== undefined) texts.set(k, canonicalJson(v));
  const keys = [...texts.keys()].sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${texts.get(keys[i])}`;
  return `${out}}`;
}

export const fileDigest = (bytes: Uint8Array): string => sm3Hex(bytes);

/** The key under which a PDF's information dictionary carries the report number (read back without a PDF parser). */
export const PDF_NUMBER_KEY = 'XrReportNumber';
export const PDF_DIGEST_KEY = 'XrContentSM3';

export type UploadedReport =
  | { kind: 'pdf'; number: string | null; bytes: Buffer }
  | { kind: 'json'; number: string | null; digest: string | null; recomputed: string | null }
  | { kind: 'unreadable' };

/**
 * What an uploaded file claims to be. A PDF: its number from the information dictionary (ASCII, so written as a
 * literal string). A JSON report: its number and stated digest, and the digest recomputed from its content.
 */
export function readUploadedReport(bytes: Buffer): UploadedReport {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const text = bytes.toString('latin1');
    // pdfkit writes information-dictionary strings as indirect objects: /XrReportNumber 14 0 R … 14 0 obj (XR-…) endobj
    const ref = new RegExp(`/${PDF_NUMBER_KEY} (\\d+) 0 R`).exec(text);
    const direct = new RegExp(`/${PDF_NUMBER_KEY} \\((${REPORT_NUMBER.source})\\)`).exec(text);
    const indirect = ref && new RegExp(`(?:^|\\n)${ref[1]} 0 obj\\s*\\((${REPORT_NUMBER.source})\\)`).exec(text);
    return { kind: 'pdf', number: direct?.[1] ?? indirect?.[1] ?? null, bytes };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // Not JSON and not a PDF: the caller answers "unreadable" (nothing to verify), not an error.
    return { kind: 'unreadable' };
  }
  if (parsed === null || typeof parsed !== 'object') return { kind: 'unreadable' };
  const doc = parsed as { content?: unknown; digest?: unknown };
  const content = doc.content && typeof doc.content === 'object' ? (doc.content as { number?: unknown }) : null;
  if (!content) return { kind: 'unreadable' };
  let recomputed: string | null = null;
  try {
    recomputed = contentDigest(content as Record<string, unknown>);
  } catch {
    // canonicalJson refuses values JSON cannot carry faithfully; such a file cannot be the report we issued.
    recomputed = null;
  }
  return {
    kind: 'json',
    number: typeof content.number === 'string' ? content.number : null,
    digest: typeof doc.digest === 'string' ? doc.digest : null,
    recomputed,
  };
}
