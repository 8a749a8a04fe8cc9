/** Scoring (C6): the statistical scorecard engine — a pure library; the DB-backed model registry builds on it. */
export * from './scorecard/index.ts';
