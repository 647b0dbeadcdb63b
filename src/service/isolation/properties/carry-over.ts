import fc from 'fast-check'
import type { CallerKind } from '../../../data/with-tenant.ts'
import {
  bareProbe,
  callerFor,
  type IsolationContext,
  PROBES,
  probeOracle,
  probeSql,
  sessionCaller,
} from '../context.ts'
import type { Tenant } from '../model.ts'
import { compareResults, describeMismatch, IsolationViolation } from '../oracle.ts'
import { errorSummary, type IsolationProperty } from '../property.ts'
import { tenantArbitrary } from './sql-rows.ts'

export const CALLERS = 8
const KINDS: readonly CallerKind[] = ['store_manager', 'regional_manager', 'head_office']

export type Step = { type: 'query'; probe: number } | { type: 'bare'; role: CallerKind } | { type: 'whoami' }
export interface Script {
  tenant: Tenant
  steps: Step[]
}

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.nat({ max: PROBES.length - 1 }).map((probe) => ({ type: 'query' as const, probe })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...KINDS).map((role) => ({ type: 'bare' as const, role })) },
  { weight: 1, arbitrary: fc.constant({ type: 'whoami' as const }) },
)

/** One request on the two-connection pool, checked against the oracle for its own tenant. */
export async function runStep(ctx: IsolationContext, tenant: Tenant, step: Step): Promise<void> {
  switch (step.type) {
    case 'bare':
      return bareProbe(ctx, ctx.small.db, step.role)
    case 'whoami':
      await callerFor(ctx, tenant, ctx.small)
      return
    case 'query': {
      const caller = await sessionCaller(ctx, tenant)
      const [actual, expected] = await Promise.all([
        ctx.services.smallQueries.execute(caller, probeSql(step.probe)).catch((err: unknown) => {
          throw new IsolationViolation(`probe ${step.probe} failed for the tenant: ${errorSummary(err)}`)
        }),
        probeOracle(ctx, step.probe, tenant.expectedStoreIds),
      ])
      const mismatch = compareResults(actual, expected, true)
      if (mismatch) {
        throw new IsolationViolation(
          `${tenant.label} ran "${probeSql(step.probe)}": ${describeMismatch(mismatch, actual, expected)}`,
        )
      }
    }
  }
}

const describeStep = (step: Step) =>
  step.type === 'query'
    ? `query "${probeSql(step.probe)}"`
    : step.type === 'bare'
      ? `no-context probe as ${step.role}`
      : 'whoami'

export const carryOverIsolation: IsolationProperty<Script[]> = {
  id: 'no-carry-over',
  title: `${CALLERS} concurrent callers on 2 pooled connections never get another caller's rows; no context means zero rows`,
  arbitrary: (ctx) =>
    fc.array(
      fc.record({
        tenant: tenantArbitrary(ctx),
        steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 2 }),
      }),
      { minLength: CALLERS, maxLength: CALLERS },
    ),
  async check(ctx, scripts) {
    const outcomes = await Promise.allSettled(
      scripts.map(async (script) => {
        for (const step of script.steps) await runStep(ctx, script.tenant, step)
      }),
    )
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (failed) throw failed.reason
    return undefined
  },
  describe: (scripts) =>
    scripts
      .map((s, i) => `caller ${i + 1}: ${s.tenant.label} → ${s.steps.map(describeStep).join(', then ')}`)
      .join('\n'),
}
