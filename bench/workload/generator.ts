import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { Caller, CallerKind } from '../../src/data/with-tenant.ts'
import { pickWeighted, prng } from '../lib/stats.ts'
import { type CorpusQuery, readCorpus } from './corpus.ts'
import { type ArgGenerator, type MixEntry, Workload } from './schema.ts'

export const WORKLOAD_DIR = join(import.meta.dir, '..', 'workloads')

export interface LoadedWorkload {
  workload: Workload
  path: string
  /** sha256 of the file, so two reports can tell whether they ran the same mix */
  hash: string
  corpora: Map<string, CorpusQuery[]>
}

/** Reads and validates a workload (a name in bench/workloads or a path) and the corpora it uses. */
export async function loadWorkload(nameOrPath: string): Promise<LoadedWorkload> {
  const path =
    nameOrPath.includes('/') || nameOrPath.endsWith('.json')
      ? nameOrPath
      : join(WORKLOAD_DIR, `${nameOrPath}.json`)
  const text = await Bun.file(path).text()
  const parsed = Workload.safeParse(JSON.parse(text))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`invalid workload ${path}:\n${problems}`)
  }
  const workload = parsed.data
  const corpora = new Map<string, CorpusQuery[]>()
  for (const entry of workload.mix) {
    for (const [arg, gen] of Object.entries(entry.args)) {
      if (gen.gen !== 'sql') continue
      if (!corpora.has(gen.corpus)) corpora.set(gen.corpus, await readCorpus(gen.corpus))
      if (sqlChoices(gen, corpora).length === 0) {
        throw new Error(`invalid workload ${path}: ${entry.tool}.${arg} selects no query from ${gen.corpus}`)
      }
    }
  }
  return { workload, path, hash: createHash('sha256').update(text).digest('hex'), corpora }
}

/** One tool call to make, and who makes it. */
export interface PlannedCall {
  /** The mix entry's name (default: the tool) */
  label: string
  tool: string
  args: Record<string, unknown>
  caller: Caller
  /** Corpus query id, when an argument came from a corpus */
  queryId?: string
}

/** The users that may call, by kind (resolved through the database, so their store sets are real). */
export type Population = ReadonlyMap<CallerKind, { demo: Caller; all: readonly Caller[] }>

/**
 * Draws calls from a workload: a caller by the callers' weights, then one of the mix entries open
 * to that caller's kind by weight, then each argument from its generator. Deterministic per seed.
 */
export class CallGenerator {
  readonly #random: () => number
  readonly #callers: { weight: number; users: readonly Caller[]; kind: CallerKind }[]
  readonly #byKind: Map<CallerKind, MixEntry[]>

  constructor(
    private readonly loaded: LoadedWorkload,
    population: Population,
    private readonly dataToday: string,
    seed: number,
  ) {
    this.#random = prng(seed)
    this.#callers = loaded.workload.callers.map((c) => {
      const group = population.get(c.kind)
      if (!group) throw new Error(`the database has no ${c.kind} user`)
      return { weight: c.weight, kind: c.kind, users: c.users === 'demo' ? [group.demo] : group.all }
    })
    this.#byKind = new Map(
      this.#callers.map((c) => [
        c.kind,
        loaded.workload.mix.filter((m) => !m.callers || m.callers.includes(c.kind)),
      ]),
    )
    for (const [kind, entries] of this.#byKind) {
      if (entries.length === 0)
        throw new Error(`workload ${loaded.workload.name}: no call is open to ${kind}`)
    }
  }

  next(): PlannedCall {
    const group =
      this.#callers[
        pickWeighted(
          this.#callers.map((c) => c.weight),
          this.#random,
        )
      ]!
    const caller = group.users[Math.floor(this.#random() * group.users.length)]!
    const entries = this.#byKind.get(group.kind)!
    const entry =
      entries[
        pickWeighted(
          entries.map((e) => e.weight),
          this.#random,
        )
      ]!
    const args: Record<string, unknown> = {}
    let queryId: string | undefined
    for (const [name, gen] of Object.entries(entry.args)) {
      if (gen.gen === 'sql') {
        const choices = sqlChoices(gen, this.loaded.corpora)
        const query = choices[Math.floor(this.#random() * choices.length)]!
        args[name] = query.sql
        queryId = query.id
      } else args[name] = this.#value(gen, caller)
    }
    return {
      label: entry.name ?? entry.tool,
      tool: entry.tool,
      args,
      caller,
      ...(queryId ? { queryId } : {}),
    }
  }

  #value(gen: Exclude<ArgGenerator, { gen: 'sql' }>, caller: Caller): unknown {
    const r = this.#random
    switch (gen.gen) {
      case 'const':
        return gen.value
      case 'oneOf':
        return gen.values[gen.weights ? pickWeighted(gen.weights, r) : Math.floor(r() * gen.values.length)]
      case 'callerStore':
        return caller.storeIds[Math.floor(r() * caller.storeIds.length)]
      case 'subset': {
        const pool = [...gen.values]
        const size = Math.min(pool.length, gen.min + Math.floor(r() * (gen.max - gen.min + 1)))
        const out: string[] = []
        while (out.length < size) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!)
        return out
      }
      case 'dateRange': {
        const days = gen.minDays + Math.floor(r() * (gen.maxDays - gen.minDays + 1))
        const endsDaysAgo = Math.floor(r() * Math.max(1, 365 - days))
        const end = Date.parse(`${this.dataToday}T00:00:00Z`) - endsDaysAgo * 86_400_000
        const start = end - (days - 1) * 86_400_000
        return `${isoDay(start)}/${isoDay(end)}`
      }
    }
  }
}

export function sqlChoices(
  gen: Extract<ArgGenerator, { gen: 'sql' }>,
  corpora: Map<string, CorpusQuery[]>,
): CorpusQuery[] {
  const corpus = corpora.get(gen.corpus) ?? []
  return corpus.filter(
    (q) =>
      (!gen.ids || gen.ids.includes(q.id)) && (!gen.tags || gen.tags.some((tag) => q.tags.includes(tag))),
  )
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
