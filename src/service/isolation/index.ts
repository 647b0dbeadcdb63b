/**
 * Isolation verification: fast-check properties that prove, against a real database, that a
 * tenant sees exactly the rows of its own stores through every tool, under concurrency and
 * faults. The `verify-isolation` command and the integration tests both run them.
 */
export type { IsolationTarget } from './context.ts'
export type { IsolationHooks, SearchLeakProbe } from './hooks.ts'
export type { IsolationModel, Tenant, TenantSelection } from './model.ts'
export { aggregateQuery, analyticsQuery } from './query-arbitraries.ts'
export { formatReport, type IsolationReport, type PropertyReport } from './report.ts'
export { createScratchTenants, SCRATCH_EMAIL_DOMAIN } from './scratch-tenants.ts'
export { type GeneratedQuery, QueryBuilder } from './sql-generator.ts'
export { renderOracleSql, renderTenantSql } from './sql-template.ts'
export { Tape } from './tape.ts'
export { ISOLATION_PROPERTIES, type VerifyOptions, verifyIsolation } from './verify.ts'
