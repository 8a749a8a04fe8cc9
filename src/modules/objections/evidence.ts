/**
 * Evidence files of objections and credit-repair applications (c11_documents), handled as written authorisations
 * are (platform/files): base64 in the JSON body, the type recognised by the file's first bytes, SM3 kept.
 */
import type { Queryable } from '../../platform/db/index.ts';
import { sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest } from '../../platform/http/index.ts';
import { matchesType } from '../../platform/files/index.ts';
import { deadlineRules } from './deadlines.ts';

export interface EvidenceInput { name: string; contentType: string; base64: string }
export type DocumentPurpose = 'evidence' | 'performance' | 'training';
export interface DocumentRow {
  id: string; owner_type: 'objection' | 'repair'; owner_id: string; purpose: DocumentPurpose; name: string; content_type: string; sm3: string; bytes: number; uploaded_at: Date;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes and checks evidence files; refuses the whole set on the first bad one (nothing is half-stored). */
export function checkEvidence(files: EvidenceInput[]): { input: EvidenceInput; bytes: Buffer }[] {
  const rules = deadlineRules().evidence;
  if (files.length > rules.maxFiles) {
    throw badRequest('EVIDENCE_TOO_MANY', { zh: `证明材料最多 ${rules.maxFiles} 个文件`, en: `At most ${rules.maxFiles} evidence files` });
  }
  return files.map((f) => {
    const clean = f.base64.replace(/\s+/g, '');
    const bytes = BASE64.test(clean) ? Buffer.from(clean, 'base64') : Buffer.alloc(0);
    if (bytes.length === 0) throw badRequest('EVIDENCE_INVALID', { zh: `文件“${f.name}”不是有效的 Base64 内容`, en: `File "${f.name}" is not valid base64` });
    if (bytes.length > rules.maxBytes) {
      throw new AppError('EVIDENCE_TOO_LARGE', 413, {
        zh: `文件“${f.name}”超过 ${Math.floor(rules.maxBytes / 1_048_576)} MB`, en: `File "${f.name}" is larger than ${Math.floor(rules.maxBytes / 1_048_576)} MB`,
      });
    }
    if (!rules.contentTypes.includes(f.contentType) || !matchesType(bytes, f.contentType)) {
      throw badRequest('EVIDENCE_TYPE_MISMATCH', {
        zh: `文件“${f.name}”须为 PDF、PNG、JPEG 或 TIFF，且内容与声明的类型一致`, en: `File "${f.name}" must be a PDF, PNG, JPEG or TIFF whose content matches its declared type`,
      });
    }
    return { input: f, bytes };
  });
}

const COLUMNS = 'id, owner_type, owner_id, purpose, name, content_type, sm3, octet_length(content)::int AS bytes, uploaded_at';

export const evidenceStore = {
  async insert(q: Queryable, owner: { type: 'objection' | 'repair'; id: string; uscc: string }, purpose: DocumentPurpose, files: { input: EvidenceInput; bytes: Buffer }[], at: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const f of files) {
      const id = uuidv7();
      await q.query(`INSERT INTO c11_documents (id, uscc, owner_type, owner_id, purpose, name, content_type, sm3, content, uploaded_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [id, owner.uscc, owner.type, owner.id, purpose, f.input.name.slice(0, 200), f.input.contentType, sm3Hex(f.bytes), f.bytes, at]);
      ids.push(id);
    }
    return ids;
  },
  async list(q: Queryable, ownerType: 'objection' | 'repair', ownerId: string): Promise<DocumentRow[]> {
    return q.query<DocumentRow>(`SELECT ${COLUMNS} FROM c11_documents WHERE owner_type = $1 AND owner_id = $2 ORDER BY uploaded_at, id`, [ownerType, ownerId]);
  },
  async content(q: Queryable, ownerType: 'objection' | 'repair', ownerId: string, id: string): Promise<(DocumentRow & { content: Buffer }) | null> {
    const [r] = await q.query<DocumentRow & { content: Buffer | Uint8Array }>(`SELECT ${COLUMNS}, content FROM c11_documents WHERE owner_type = $1 AND owner_id = $2 AND id = $3`, [ownerType, ownerId, id]);
    return r ? { ...r, content: Buffer.from(r.content) } : null;
  },
};

export const shapeDocument = (d: DocumentRow) => ({
  id: d.id, purpose: d.purpose, name: d.name, contentType: d.content_type, sm3: d.sm3.trim(), bytes: d.bytes, uploadedAt: d.uploaded_at.toISOString(),
});
