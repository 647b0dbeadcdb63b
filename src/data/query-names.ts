import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const GENERATED = join(import.meta.dir, '..', '..', 'generated')

interface Entry {
  /** The statement up to its first parameter: what every run of the query starts with. */
  prefix: string
  name: string
}

let entries: Entry[] | undefined
const resolved = new Map<string, string | null>()
const MAX_RESOLVED = 2_000

/**
 * The name of a typed query (its `@name` in `queries/*.sql`, e.g. `GetSalesSummary`) from the text
 * pgtyped sends, or undefined for SQL that no query file holds. Names come from the generated
 * modules themselves, so a new query file is named without any list to keep up to date.
 */
export function typedQueryName(text: string): string | undefined {
  const known = resolved.get(text)
  if (known !== undefined) return known ?? undefined
  entries ??= loadEntries()
  let best: Entry | undefined
  for (const entry of entries) {
    if (text.startsWith(entry.prefix) && (!best || entry.prefix.length > best.prefix.length)) best = entry
  }
  // Typed texts are few; anything else (ad-hoc SQL) is not remembered past the bound.
  if (resolved.size < MAX_RESOLVED) resolved.set(text, best?.name ?? null)
  return best?.name
}

function loadEntries(dir = GENERATED): Entry[] {
  const require = createRequire(import.meta.url)
  const found: Entry[] = []
  let files: string[] = []
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.queries.ts'))
  } catch {
    return found
  }
  for (const file of files) {
    const module = require(join(dir, file)) as Record<string, unknown>
    for (const [exportName, value] of Object.entries(module)) {
      const ir = (value as { queryIR?: { statement?: unknown; params?: { locs: { a: number }[] }[] } })
        ?.queryIR
      if (!ir || typeof ir.statement !== 'string') continue
      const firstParam = Math.min(
        ir.statement.length,
        ...(ir.params ?? []).flatMap((p) => p.locs.map((loc) => loc.a)),
      )
      const prefix = ir.statement.slice(0, firstParam)
      if (prefix.trim().length > 0) {
        found.push({ prefix, name: exportName.charAt(0).toUpperCase() + exportName.slice(1) })
      }
    }
  }
  return found
}
