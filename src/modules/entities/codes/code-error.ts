/**
 * Shared result shapes for the code validators (USCC, resident ID, industry, size class).
 * Errors are values: a stable `code` that callers may branch on, and messages a user can act on.
 */

/** A validation failure; `position` is 1-based and points at the first offending character. */
export interface CodeError {
  code: string;
  position: number;
  message: string;
  messageEn: string;
  /** The character that would make the code valid (check-character errors only). */
  expected?: string;
}

export type CheckResult = { valid: true } | { valid: false; error: CodeError };

/** An error about a whole value rather than one character of it (industry codes, size-class inputs). */
export interface ValueError {
  code: string;
  message: string;
  messageEn: string;
}

export function invalid(error: CodeError): CheckResult {
  return { valid: false, error };
}

/** Quote a character for a message; control and blank characters are shown as a code point. */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x20 || cp === 0x7f || cp === 0x3000) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}
