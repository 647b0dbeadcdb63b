import { z } from 'zod'

export const CALLER_KINDS = ['store_manager', 'regional_manager', 'head_office'] as const

/** How one argument of a tool call is made, per call. */
export const ArgGenerator = z.discriminatedUnion('gen', [
  z.object({ gen: z.literal('const'), value: z.json() }).describe('always this value'),
  z
    .object({
      gen: z.literal('oneOf'),
      values: z.array(z.json()).min(1),
      weights: z.array(z.number().positive()).optional(),
    })
    .describe('one of the values, uniformly or by weight')
    .refine((g) => !g.weights || g.weights.length === g.values.length, 'weights must match values'),
  z.object({ gen: z.literal('callerStore') }).describe("a store id among the caller's stores"),
  z
    .object({
      gen: z.literal('dateRange'),
      minDays: z.number().int().positive(),
      maxDays: z.number().int().positive(),
    })
    .describe("'YYYY-MM-DD/YYYY-MM-DD' of minDays..maxDays days, inside the data's last year"),
  z
    .object({
      gen: z.literal('subset'),
      values: z.array(z.string()).min(1),
      min: z.number().int().positive().default(1),
      max: z.number().int().positive().default(3),
    })
    .describe('min..max distinct values, in random order'),
  z
    .object({
      gen: z.literal('sql'),
      corpus: z.string().default('analyst-queries'),
      tags: z.array(z.string()).optional().describe('queries carrying any of these tags (default: all)'),
      ids: z.array(z.string()).optional().describe('only these queries'),
    })
    .describe('a query from a SQL corpus (bench/corpus/<corpus>.sql)'),
])
export type ArgGenerator = z.infer<typeof ArgGenerator>

export const MixEntry = z.object({
  /** Label in reports; defaults to the tool name. */
  name: z.string().optional(),
  tool: z.string().min(1),
  weight: z.number().positive(),
  /** Caller kinds that make this call (default: all). */
  callers: z.array(z.enum(CALLER_KINDS)).optional(),
  args: z.record(z.string(), ArgGenerator).default({}),
})
export type MixEntry = z.infer<typeof MixEntry>

/**
 * A workload: who calls (caller kinds and their shares), what they call (tools, weights and argument
 * generators) and what latency is acceptable. See docs/bench.md, "Writing a workload".
 */
export const Workload = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  /** Seed of the call sequence: the same seed gives the same calls. */
  seed: z.number().int().nonnegative().default(1),
  callers: z
    .array(
      z.object({
        kind: z.enum(CALLER_KINDS),
        weight: z.number().positive(),
        /** 'demo': only the fixed demo user of this kind; 'all': every generated user of the kind too. */
        users: z.enum(['demo', 'all']).default('all'),
      }),
    )
    .min(1),
  /** Per call: a caller is drawn by weight, then a call among the entries open to that caller kind. */
  mix: z.array(MixEntry).min(1),
  targets: z
    .object({
      /** p99 a pool size must meet to be recommended (overridable with --target-p99). */
      p99Ms: z.number().positive(),
      /** Throughput within this fraction of the best counts as "as good" (default 0.05). */
      throughputTolerance: z.number().min(0).max(0.5).default(0.05),
      /** Largest share of normal queries a slow-query threshold may flag (default 0.01). */
      maxNoise: z.number().min(0).max(0.5).default(0.01),
    })
    .prefault({ p99Ms: 2000 }),
  /** Pause of each virtual user between two calls (closed loop; 0: back to back). */
  thinkTimeMs: z.number().nonnegative().default(0),
})
export type Workload = z.infer<typeof Workload>
