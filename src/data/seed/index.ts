/**
 * Deterministic demo data for Zava Retail: regions, stores, a DIY catalogue, customers, two
 * years of orders and the tenancy users, generated from a seed and a scale and bulk-loaded with
 * COPY. The same seed and scale always give the same bytes (see `datasetDigest`).
 */
export { datasetDigest } from './digest.ts'
export { type SeedReport, seedDatabase } from './load.ts'
export {
  DEFAULT_SEED,
  DEFAULT_TODAY,
  MAX_SCALE,
  MIN_SCALE,
  type SeedOptions,
  type SeedSize,
  seedSize,
} from './options.ts'
export { SEED_TABLES, type SeedTable } from './tables.ts'
export { DEMO_USERS, type DemoUser, type UserKind } from './users.ts'
