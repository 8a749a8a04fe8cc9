import { describe, expect, it } from 'vitest';
import { matchesType } from './file-type.ts';

describe('uploaded file types', () => {
  it('accepts a file whose first bytes are its declared type and refuses a renamed one', () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(matchesType(pdf, 'application/pdf')).toBe(true);
    expect(matchesType(png, 'image/png')).toBe(true);
    expect(matchesType(pdf, 'image/png')).toBe(false);
    expect(matchesType(Buffer.from('MZ\x90\x00'), 'application/pdf')).toBe(false);
    expect(matchesType(pdf, 'application/x-msdownload')).toBe(false);
    expect(matchesType(Buffer.alloc(0), 'image/jpeg')).toBe(false);
  });
});
