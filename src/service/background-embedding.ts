import type { Db } from '../data/db.ts'
import type { Embedder } from '../infra/embeddings/embedder.ts'
import type { Logger } from '../infra/log.ts'
import { type EmbedReport, embedProducts } from './product-embedding.ts'

export type BackgroundEmbeddingState = 'idle' | 'running' | 'done' | 'failed'

/**
 * Embeds the embedded database's catalogue after the server has started, so a first start is
 * not held up by the model (~28 descriptions/s locally: ~16 s for the default 447 products).
 * Search answers from full text meanwhile. A restart resumes: products embedded before are
 * skipped by their content hash. Only for the embedded database, where the server is the owner;
 * on a server database the operator runs `zava-mcp embed` with an admin login.
 */
export class BackgroundEmbedding {
  #state: BackgroundEmbeddingState = 'idle'
  #progress = { embedded: 0, toEmbed: 0 }
  #run: Promise<void> | undefined
  readonly #abort = new AbortController()

  constructor(
    readonly db: Db,
    readonly embedder: Embedder,
    readonly log: Logger,
  ) {}

  get state(): BackgroundEmbeddingState {
    return this.#state
  }

  /** Products embedded so far of those this run embeds. */
  get progress(): { embedded: number; toEmbed: number } {
    return { ...this.#progress }
  }

  /** Starts the run once; later calls do nothing. */
  start(): void {
    if (this.#run) return
    this.#state = 'running'
    this.#run = this.#work()
  }

  /** Settles when the run has ended, however it ended (never rejects). */
  finished(): Promise<void> {
    return this.#run ?? Promise.resolve()
  }

  /** Stops at the next batch and waits for the run to end; what was stored stays. */
  async stop(): Promise<void> {
    this.#abort.abort(new Error('server stopping'))
    await this.#run
  }

  async #work(): Promise<void> {
    let lastLog = performance.now()
    try {
      const report: EmbedReport = await embedProducts(this.db, this.embedder, {
        // No vector index: the demo catalogue has at most 2,000 products, an exact scan of them
        // takes ~15 ms in PGlite, and building HNSW there would hold the server's only thread for
        // 2-9 s. `zava-mcp embed` still builds one on request.
        index: 'none',
        signal: this.#abort.signal,
        onProgress: (p) => {
          this.#progress = { embedded: p.embedded, toEmbed: p.toEmbed }
          if (p.phase === 'embedding' && p.embedded === 0 && p.toEmbed > 0) {
            this.log.info(
              { toEmbed: p.toEmbed, model: this.embedder.model },
              'embedding products in the background',
            )
          } else if (p.phase === 'embedding' && performance.now() - lastLog > 10_000) {
            lastLog = performance.now()
            this.log.info({ embedded: p.embedded, toEmbed: p.toEmbed }, 'embedding products')
          }
        },
      })
      this.#state = 'done'
      if (report.embedded > 0)
        this.log.info({ ...report }, 'product embeddings ready: semantic search uses vectors now')
    } catch (err) {
      if (this.#abort.signal.aborted) {
        this.#state = 'idle'
        return
      }
      this.#state = 'failed'
      this.log.warn({ err }, 'background embedding failed: semantic search answers from full text only')
    }
  }
}
