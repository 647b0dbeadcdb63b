import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { installSigningKey } from '../data/admin.ts'
import { createPostgresDb, type Db } from '../data/db.ts'
import { openEmbeddedDatabase } from '../data/embedded.ts'
import { migrate, pendingMigrations } from '../data/migrations.ts'
import { DEFAULT_HNSW } from '../data/product-embeddings.ts'
import { ConfigurationError, ValidationError } from '../errors.ts'
import { loadConfig } from '../infra/config.ts'
import { createEmbedder } from '../infra/embeddings/embedder.ts'
import {
  DEFAULT_EMBED_BATCH,
  type EmbedOptions,
  type EmbedProgress,
  embedProducts,
} from '../service/product-embedding.ts'

const METHODS = ['hnsw', 'ivfflat', 'none'] as const

/**
 * `zava-mcp embed [--all] [--batch-size N] [--index hnsw|ivfflat|none] [--hnsw-m N]
 * [--hnsw-ef-construction N]`: embeds the catalogue
 * with the configured embedder (EMBEDDINGS_PROVIDER) into DATABASE_URL (an admin login) or, when
 * unset, the embedded database; then builds the model's vector index. Only products whose text
 * changed, or that have no vector of the model yet, unless --all. Each batch is stored as soon as
 * it is embedded: an interrupted run (Ctrl-C, a crash) resumes where it stopped when run again.
 * Also recounts the word statistics full-text search relies on. HNSW defaults to m 32,
 * ef_construction 128 (see sql/006_search_tuning.sql); --hnsw-m 16 --hnsw-ef-construction 64
 * (pgvector's defaults) builds ~6x faster where products do not come in large families of variants.
 */
export async function embedCommand(args: string[], log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      all: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: String(DEFAULT_EMBED_BATCH) },
      index: { type: 'string', default: 'hnsw' },
      'hnsw-m': { type: 'string', default: String(DEFAULT_HNSW.m) },
      'hnsw-ef-construction': { type: 'string', default: String(DEFAULT_HNSW.efConstruction) },
    },
  })
  const batchSize = Number(values['batch-size'])
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new ValidationError(
      `--batch-size ${values['batch-size']} is not a whole number from 1 to 10000.`,
      `Use e.g. --batch-size ${DEFAULT_EMBED_BATCH}.`,
    )
  }
  const index = values.index as (typeof METHODS)[number]
  if (!METHODS.includes(index)) {
    throw new ValidationError(
      `--index ${values.index} is not one of ${METHODS.join(', ')}.`,
      'Use --index hnsw.',
    )
  }
  const hnsw = { m: Number(values['hnsw-m']), efConstruction: Number(values['hnsw-ef-construction']) }
  if (
    !Number.isInteger(hnsw.m) ||
    hnsw.m < 2 ||
    hnsw.m > 100 ||
    !Number.isInteger(hnsw.efConstruction) ||
    hnsw.efConstruction < 2 * hnsw.m ||
    hnsw.efConstruction > 1000
  ) {
    throw new ValidationError(
      `--hnsw-m ${values['hnsw-m']} --hnsw-ef-construction ${values['hnsw-ef-construction']} are out of range.`,
      'Use m from 2 to 100 and ef_construction from 2 × m to 1000, e.g. --hnsw-m 32 --hnsw-ef-construction 128.',
    )
  }
  const config = loadConfig()
  const embedder = await createEmbedder(config.embeddings)
  if (!embedder) {
    throw new ConfigurationError(
      'EMBEDDINGS_PROVIDER is none: there is no model to embed with.',
      'Set EMBEDDINGS_PROVIDER to local (offline, default), openai or azure, as the server is configured.',
    )
  }
  const database = await openDatabase(config)
  const abort = new AbortController()
  const interrupt = () => abort.abort(new Error('interrupted'))
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  const display = process.stderr.isTTY ? progressBar() : progressLines(log)
  try {
    log(
      `Embedding the catalogue of the ${database.kind} database with ${embedder.model} (${embedder.dimensions} dimensions).`,
    )
    const report = await embedProducts(database.db, embedder, {
      all: values.all,
      batchSize,
      index,
      hnsw,
      signal: abort.signal,
      onProgress: display.update,
    } satisfies EmbedOptions)
    display.stop()
    if (report.products === 0) {
      log('The database has no products: seed it first (`zava-mcp seed`, or start the server once).')
      return 1
    }
    log(
      `Embedded ${report.embedded} of ${report.products} products (${report.unchanged} unchanged) in ` +
        `${(report.elapsedMs / 1000).toFixed(1)} s${report.index ? `; vector index ${report.index} is ready` : ''}.`,
    )
    return 0
  } catch (err) {
    display.stop()
    if (abort.signal.aborted) {
      log(
        `Interrupted after ${display.embedded()} products; what was embedded is stored. Run \`zava-mcp embed\` again to resume.`,
      )
      return 130
    }
    throw err
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
    await embedder.close?.()
    await database.close()
  }
}

async function openDatabase(
  config: ReturnType<typeof loadConfig>,
): Promise<{ kind: string; db: Db; close(): Promise<void> }> {
  if (config.DATABASE_URL) {
    const db = createPostgresDb(config.DATABASE_URL, { max: 1, applicationName: 'zava-mcp embed' })
    try {
      const pending = await pendingMigrations(db)
      if (pending.length > 0) {
        throw new ConfigurationError(
          `The database is missing migrations: ${pending.join(', ')}.`,
          'Run `zava-mcp migrate` with the same admin DATABASE_URL first.',
        )
      }
    } catch (err) {
      await db.close()
      throw err
    }
    return { kind: 'server', db, close: () => db.close() }
  }
  const embedded = await openEmbeddedDatabase(config.dataDir)
  try {
    await migrate(embedded.db)
    await installSigningKey(embedded.db, embedded.signer)
  } catch (err) {
    await embedded.close()
    throw err
  }
  return { kind: 'embedded', db: embedded.db, close: () => embedded.close() }
}

interface ProgressDisplay {
  update(progress: EmbedProgress): void
  stop(): void
  embedded(): number
}

/** A bar on a terminal. */
function progressBar(): ProgressDisplay {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'embedding {bar} {value}/{total} products | {percentage}% | {eta_formatted} left | {phase}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  let embedded = 0
  return {
    update(p) {
      embedded = p.embedded
      if (!started) {
        bar.start(p.toEmbed, p.embedded, { phase: p.phase })
        started = true
      } else bar.update(p.embedded, { phase: p.phase })
    },
    stop: () => bar.stop(),
    embedded: () => embedded,
  }
}

/** Plain lines elsewhere (logs, CI): at the start, every tenth and at most every 15 s, and the end. */
function progressLines(log: (line: string) => void): ProgressDisplay {
  const started = performance.now()
  let last = started
  let lastTenth = -1
  let embedded = 0
  return {
    update(p) {
      embedded = p.embedded
      if (p.phase === 'indexing') return log('Building the vector index...')
      if (p.phase !== 'embedding') return
      if (p.embedded === 0) {
        return log(`${p.toEmbed} of ${p.products} products to embed (${p.products - p.toEmbed} unchanged).`)
      }
      const tenth = Math.floor((10 * p.embedded) / Math.max(1, p.toEmbed))
      const now = performance.now()
      if (tenth > lastTenth || now - last > 15_000 || p.embedded === p.toEmbed) {
        lastTenth = tenth
        last = now
        const rate = p.embedded / ((now - started) / 1000)
        log(
          `embedded ${p.embedded}/${p.toEmbed} (${Math.floor((100 * p.embedded) / p.toEmbed)}%), ${rate.toFixed(1)} products/s`,
        )
      }
    },
    stop: () => {},
    embedded: () => embedded,
  }
}
