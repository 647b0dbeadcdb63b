import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { type ResultSet, runAssistantSql } from '../../../data/assistant-sql.ts'
import { TenantSigner } from '../../../data/tenant-context.ts'
import { type Caller, type CallerKind, withTenant } from '../../../data/with-tenant.ts'
import { QueryTimeoutError } from '../../../errors.ts'
import { SalesQueryService } from '../../sales-query.ts'
import {
  bareProbe,
  type IsolationContext,
  onBareConnection,
  PROBES,
  probeOracle,
  probeSql,
  sessionCaller,
} from '../context.ts'
import type { Tenant } from '../model.ts'
import { compareResults, describeMismatch, IsolationViolation } from '../oracle.ts'
import { errorSummary, type IsolationProperty } from '../property.ts'
import { runStep } from './carry-over.ts'
import { tenantArbitrary } from './sql-rows.ts'

export const FAULTS = [
  'terminate',
  'socket',
  'timeout',
  'sql-error',
  'bad-role',
  'foreign-role',
  'role-swap',
  'bad-signature',
  'expired-context',
  'unsigned-context',
  'unknown-user',
] as const
export type Fault = (typeof FAULTS)[number]

/** What the faulty request itself may return: an error, or only what the named stores give. */
type Allowed = 'error' | 'own-or-error' | 'nothing-or-error'

interface Follower {
  tenant: Tenant
  probe: number
}
interface FaultCase {
  fault: Fault
  variant: number
  victim: Tenant
  probe: number
  followers: Follower[]
}

// Runs for seconds on a server: long past the fault's timeout, yet bounded if the timeout never fires.
const HEAVY_SQL = 'SELECT count(*) AS n FROM generate_series(1, 50000000) g'
const FAULT_TIMEOUT_MS = 30
const FOREIGN_ROLES = ['zava_owner', 'postgres', 'pg_read_all_data', 'zava_app'] as const
const SWAP_ROLES: readonly string[] = ['zava_analyst', 'store_manager', 'regional_manager', 'head_office']

/**
 * The faults this target supports: killing connections needs a server and the admin's rights;
 * PGlite (one WASM session) has no statement timeout to fire.
 */
export function applicableFaults(ctx: IsolationContext): Fault[] {
  return FAULTS.filter((fault) => {
    if (fault === 'terminate') return ctx.canTerminate
    if (fault === 'timeout') return ctx.main.db.kind === 'postgres'
    if (fault === 'socket') return ctx.socketOf !== undefined
    if (fault === 'foreign-role') return ctx.separateAppRole
    return true
  })
}

/**
 * Property 5: a request that breaks (connection killed mid-transaction, socket destroyed,
 * statement timeout, failing SQL, a role that cannot or should not be set, a bad or missing
 * context) returns nothing it should not, and every request after it, on either pooled
 * connection, still sees exactly its own rows.
 */
export const faultIsolation: IsolationProperty<FaultCase> = {
  id: 'fail-closed',
  title:
    'after a killed connection, timeout, failed set_config or bad context, every request still sees only its own rows',
  skip: (ctx) => (applicableFaults(ctx).length === 0 ? 'no fault applies to this target' : undefined),
  arbitrary: (ctx) =>
    fc.record({
      fault: fc.constantFrom(...applicableFaults(ctx)),
      variant: fc.nat({ max: 7 }),
      victim: tenantArbitrary(ctx),
      probe: fc.nat({ max: PROBES.length - 1 }),
      followers: fc.array(
        fc.record({ tenant: tenantArbitrary(ctx), probe: fc.nat({ max: PROBES.length - 1 }) }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  async check(ctx, c) {
    const followers = () => c.followers.map((f) => runStep(ctx, f.tenant, { type: 'query', probe: f.probe }))
    const [victim, ...first] = await Promise.allSettled([injectFault(ctx, c), ...followers()])
    const rejected = first.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (rejected) throw rejected.reason
    if (victim!.status === 'rejected') throw victim!.reason
    const kinds: CallerKind[] = ['store_manager', 'head_office']
    const after = await Promise.allSettled([
      ...followers(),
      ...kinds.map((role) => bareProbe(ctx, ctx.small.db, role)),
    ])
    const late = after.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (late) throw late.reason
    return undefined
  },
  describe: (c) =>
    [
      `fault: ${c.fault} (variant ${c.variant}) on a request of ${c.victim.label} running "${probeSql(c.probe)}"`,
      ...c.followers.map(
        (f) => `  concurrently and then again: ${f.tenant.label} runs "${probeSql(f.probe)}"`,
      ),
      '  then a no-context probe on each pooled connection',
    ].join('\n'),
}

/** Runs the faulty request and checks that what it returned (if anything) was allowed. */
async function injectFault(ctx: IsolationContext, c: FaultCase): Promise<void> {
  const caller = await sessionCaller(ctx, c.victim)
  const probe = (conn: Parameters<typeof runAssistantSql>[0]) =>
    runAssistantSql(conn, probeSql(c.probe), ctx.limits)
  const outcome = await faulty(ctx, c, caller, probe).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  const allowed = ALLOWED[c.fault]
  if (!outcome.ok) {
    if (c.fault === 'timeout' && !(outcome.error instanceof QueryTimeoutError)) {
      throw new IsolationViolation(
        `the timed-out request failed with ${errorSummary(outcome.error)}, not QUERY_TIMEOUT`,
      )
    }
    return
  }
  if (allowed === 'error' || outcome.value === undefined) {
    throw new IsolationViolation(
      `the ${c.fault} fault did not fail the request: it returned ${JSON.stringify(outcome.value?.rows ?? null)}`,
    )
  }
  const storeIds = allowed === 'own-or-error' ? c.victim.expectedStoreIds : []
  const expected = await probeOracle(ctx, c.probe, storeIds)
  const mismatch = compareResults(outcome.value, expected, true)
  if (mismatch) {
    throw new IsolationViolation(
      `under the ${c.fault} fault the request saw other rows than ${allowed === 'own-or-error' ? 'its own' : 'none'}: ${describeMismatch(mismatch, outcome.value, expected)}`,
    )
  }
}

const ALLOWED: Record<Fault, Allowed> = {
  terminate: 'error',
  socket: 'error',
  timeout: 'error',
  'sql-error': 'error',
  'bad-role': 'error',
  'foreign-role': 'own-or-error',
  'role-swap': 'own-or-error',
  'bad-signature': 'nothing-or-error',
  'expired-context': 'nothing-or-error',
  'unsigned-context': 'nothing-or-error',
  'unknown-user': 'nothing-or-error',
}

async function faulty(
  ctx: IsolationContext,
  c: FaultCase,
  caller: Caller,
  probe: (conn: Parameters<typeof runAssistantSql>[0]) => Promise<ResultSet>,
): Promise<ResultSet | undefined> {
  const small = ctx.small
  switch (c.fault) {
    case 'terminate':
      return withTenant(small, caller, async (conn) => {
        const pid = Number((await conn.query('SELECT pg_backend_pid() AS pid', [])).rows[0].pid)
        await ctx.terminate(pid)
        return probe(conn)
      })
    case 'socket':
      return withTenant(small, caller, async (conn) => {
        const pid = Number((await conn.query('SELECT pg_backend_pid() AS pid', [])).rows[0].pid)
        ctx.socketOf?.(pid)?.destroy()
        return probe(conn)
      })
    case 'timeout': {
      const service = new SalesQueryService(small, {
        guard: async (sql) => ({ sql }),
        timeoutMs: FAULT_TIMEOUT_MS,
        limits: ctx.limits,
      })
      return service.execute(caller, HEAVY_SQL)
    }
    case 'sql-error':
      return ctx.services.smallQueries.execute(caller, 'SELECT 1 / (count(*) - count(*)) AS boom FROM orders')
    case 'bad-role':
      return withTenant(small, { ...caller, kind: 'no_such_role' as CallerKind }, probe)
    case 'foreign-role':
      return withTenant(
        small,
        { ...caller, kind: FOREIGN_ROLES[c.variant % FOREIGN_ROLES.length] as CallerKind },
        probe,
      )
    case 'role-swap':
      return withTenant(
        small,
        { ...caller, kind: SWAP_ROLES[c.variant % SWAP_ROLES.length] as CallerKind },
        probe,
      )
    case 'bad-signature': {
      const wrongKey = new TenantSigner(Buffer.from(TenantSigner.generateKey(), 'hex'))
      return withTenant({ ...small, signer: wrongKey }, caller, probe)
    }
    case 'expired-context':
    case 'unsigned-context':
      return onBareConnection(small.db, async (conn) => {
        const context =
          c.fault === 'expired-context'
            ? ctx.signer.sign(caller.rlsUserId, -60)
            : [
                caller.rlsUserId,
                `${caller.rlsUserId}.${Math.floor(Date.now() / 1000) + 60}.${'0'.repeat(64)}`,
              ][c.variant % 2]!
        await conn.query("SELECT set_config('role', $1, true), set_config('zava.tenant', $2, true)", [
          caller.kind,
          context,
        ])
        return probe(conn)
      })
    case 'unknown-user':
      return withTenant(small, { ...caller, rlsUserId: randomUUID(), storeIds: [] }, probe)
  }
}
