import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetFromCsv } from './csv.ts';
import type { Dataset } from './dataset.ts';

/** The UCI credit datasets kept in the repository (CC BY 4.0, see data/credit/README.md). */
export const CREDIT_DATA_DIR = fileURLToPath(new URL('../data/credit/', import.meta.url));

export const germanCredit = (): Dataset =>
  datasetFromCsv(readFileSync(`${CREDIT_DATA_DIR}germancredit.csv`, 'utf8'), { target: 'creditability' });

/** Taiwan credit-card default; X2–X4 (sex, education, marriage) are codes, one-hot in the raw design. */
export const taiwanCredit = (opts: { codesAsCategories?: boolean } = {}): Dataset =>
  datasetFromCsv(readFileSync(`${CREDIT_DATA_DIR}taiwan-default-of-credit-card-clients.csv`, 'utf8'), {
    target: 'Y',
    categorical: opts.codesAsCategories ? ['X2', 'X3', 'X4'] : [],
  });
