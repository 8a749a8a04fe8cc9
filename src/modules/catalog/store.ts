import type { Queryable } from '../../platform/db/index.ts';
import type { CatalogDocument } from './schemas.ts';

export interface CatalogVersionRow {
  version: number;
  document: CatalogDocument;
  note: string;
  published_by: string | null;
  published_at: Date;
  /** the publisher's display name (list only) */
  publisher_name?: string | null;
}

export function catalogStore(q: Queryable) {
  return {
    async latest(): Promise<CatalogVersionRow | undefined> {
      return (await q.query<CatalogVersionRow>('SELECT * FROM catalog_versions ORDER BY version DESC LIMIT 1'))[0];
    },
    async byVersion(version: number): Promise<CatalogVersionRow | undefined> {
      return (await q.query<CatalogVersionRow>('SELECT * FROM catalog_versions WHERE version = $1', [version]))[0];
    },
    async list(): Promise<CatalogVersionRow[]> {
      return q.query<CatalogVersionRow>(
        `SELECT v.*, u.display_name AS publisher_name
           FROM catalog_versions v LEFT JOIN users u ON u.id = v.published_by
          ORDER BY v.version DESC`,
      );
    },
    /** Inserts version n; false when it exists already (someone published first). */
    async insert(version: number, document: CatalogDocument, note: string, publishedBy: string | null): Promise<boolean> {
      const rows = await q.query(
        'INSERT INTO catalog_versions (version, document, note, published_by) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING RETURNING version',
        [version, JSON.stringify(document), note, publishedBy],
      );
      return rows.length === 1;
    },
  };
}
