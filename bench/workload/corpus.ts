import { join } from 'node:path'
import { z } from 'zod'

export const CORPUS_DIR = join(import.meta.dir, '..', 'corpus')

export const PATHOLOGY_CATEGORIES = [
  'missing-index',
  'cartesian',
  'unbounded-sort',
  'huge-result',
  'expensive-regex',
] as const

const Entry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id'),
  title: z.string().min(1),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  category: z.enum(PATHOLOGY_CATEGORIES).optional(),
  why: z.string().optional(),
  sql: z.string().min(1),
})

export type CorpusQuery = z.infer<typeof Entry>

/**
 * Reads a corpus of SQL queries: a `.sql` file where each query starts with header comments
 *
 *   -- @id monthly-revenue
 *   -- @title Monthly revenue over the last twelve months
 *   -- @tags report trend
 *   SELECT …;
 *
 * (`@category` and `@why` label pathological queries). Lines before the first `@id` are free text.
 * Throws, naming the entry, when a header is missing or malformed or an id repeats.
 */
export async function readCorpus(name: string): Promise<CorpusQuery[]> {
  const path = name.includes('/') ? name : join(CORPUS_DIR, `${name}.sql`)
  return parseCorpus(await Bun.file(path).text(), path)
}

export function parseCorpus(text: string, source = 'corpus'): CorpusQuery[] {
  const blocks = text.split(/^(?=--\s*@id\s)/m).filter((block) => /^--\s*@id\s/.test(block))
  const seen = new Set<string>()
  return blocks.map((block, index) => {
    const headers: Record<string, string> = {}
    const sqlLines: string[] = []
    let inHeader = true
    for (const line of block.split('\n')) {
      const header = inHeader ? /^--\s*@(\w+)\s+(.*)$/.exec(line) : null
      if (header) headers[header[1]!] = header[2]!.trim()
      else {
        inHeader = false
        sqlLines.push(line)
      }
    }
    const parsed = Entry.safeParse({
      id: headers.id,
      title: headers.title,
      tags: headers.tags ? headers.tags.split(/\s+/) : [],
      category: headers.category,
      why: headers.why,
      sql: sqlLines.join('\n').trim(),
    })
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new Error(`${source}: query #${index + 1} (${headers.id ?? 'no @id'}): ${problems}`)
    }
    if (seen.has(parsed.data.id)) throw new Error(`${source}: duplicate @id ${parsed.data.id}`)
    seen.add(parsed.data.id)
    return parsed.data
  })
}
