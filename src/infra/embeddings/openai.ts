import type { RetryPolicy } from 'cockatiel'
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AzureOpenAI,
} from 'openai'
import { ConfigurationError, ServiceUnavailableError, ValidationError, ZavaError } from '../../errors.ts'
import { checkTexts, MAX_TEXT_CHARS, toBatches } from './batches.ts'
import { fixedDimensionModels, nativeDimensions } from './config.ts'
import type { AzureEmbedderConfig, Embedder, OpenAIEmbedderConfig } from './embedder.ts'
import {
  type BackoffOptions,
  DEFAULT_BACKOFF,
  type RetryDecision,
  retryAfterMs,
  retryPolicy,
} from './retry.ts'
import { normalise } from './vectors.ts'

/** Characters of one request at most: keeps it under OpenAI's 300k tokens per request. */
const MAX_REQUEST_CHARS = 200_000

export interface OpenAIEmbedderOptions {
  /** Retry delays (tests shorten them). */
  readonly backoff?: BackoffOptions
}

/**
 * Embeddings from OpenAI or Azure OpenAI through the official SDK: batched requests, sent one
 * after another (kind to rate limits; all or nothing), each with a timeout, retried on 429, 5xx,
 * connection errors and timeouts. Retries are cockatiel's alone (the SDK's `maxRetries` is 0),
 * so attempts, delays and `Retry-After` follow one policy and the error says how many attempts
 * were made. Every response is checked (count, index, dimension, numbers) and vectors are
 * returned in input order, normalised.
 */
export class OpenAIEmbedder implements Embedder {
  /** `openai:<model>`, with `@<dimensions>` when shortened; the same for Azure, whose vectors are OpenAI's. */
  readonly model: string
  readonly dimensions: number
  readonly #config: OpenAIEmbedderConfig | AzureEmbedderConfig
  readonly #client: OpenAI
  readonly #policy: RetryPolicy
  readonly #provider: string
  readonly #keyVariable: string
  /** Unset for the model's own length: a deployment of another model then fails loudly on the length. */
  readonly #requestedDimensions: number | undefined

  constructor(config: OpenAIEmbedderConfig | AzureEmbedderConfig, options: OpenAIEmbedderOptions = {}) {
    this.#config = config
    const native = nativeDimensions[config.model]
    this.dimensions = config.dimensions
    this.model = `openai:${config.model}${native === config.dimensions ? '' : `@${config.dimensions}`}`
    this.#requestedDimensions =
      native === config.dimensions || fixedDimensionModels.has(config.model) ? undefined : config.dimensions
    // Explicit settings throughout: the SDK would otherwise fall back on OPENAI_BASE_URL and friends.
    const common = { apiKey: config.apiKey, timeout: config.timeoutMs, maxRetries: 0 }
    if (config.provider === 'azure') {
      this.#provider = 'Azure OpenAI'
      this.#keyVariable = 'AZURE_OPENAI_API_KEY'
      this.#client = new AzureOpenAI({
        ...common,
        baseURL: `${config.endpoint.replace(/\/+$/, '')}/openai`,
        deployment: config.deployment,
        apiVersion: config.apiVersion,
      })
    } else {
      this.#provider = 'OpenAI'
      this.#keyVariable = 'OPENAI_API_KEY'
      this.#client = new OpenAI({ ...common, baseURL: config.baseUrl ?? 'https://api.openai.com/v1' })
    }
    this.#policy = retryPolicy(config.maxRetries, classify, options.backoff ?? DEFAULT_BACKOFF)
  }

  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return []
    checkTexts(texts, MAX_TEXT_CHARS)
    const vectors: number[][] = []
    for (const batch of toBatches(texts, { maxTexts: this.#config.batchSize, maxChars: MAX_REQUEST_CHARS })) {
      vectors.push(...(await this.#embedBatch(batch, options.signal)))
    }
    return vectors
  }

  async #embedBatch(input: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    let attempts = 0
    const request = () => {
      signal?.throwIfAborted()
      attempts++
      return this.#client.embeddings.create(
        {
          model: this.#config.model,
          input,
          ...(this.#requestedDimensions === undefined ? {} : { dimensions: this.#requestedDimensions }),
        },
        { signal: signal ?? null, timeout: this.#config.timeoutMs, maxRetries: 0 },
      )
    }
    let response: unknown
    try {
      response = await untilAborted(this.#policy.execute(request, signal), signal)
    } catch (error) {
      throw this.#toZavaError(error, attempts, signal)
    }
    return this.#vectorsOf(response, input.length)
  }

  /** The response's vectors in input order, or a typed error: never partial, never misordered. */
  #vectorsOf(response: unknown, count: number): number[][] {
    const data = (response as { data?: unknown } | null)?.data
    if (!Array.isArray(data)) throw this.#malformed('it has no data list')
    if (data.length !== count) throw this.#malformed(`expected ${count} vectors, got ${data.length}`)
    const vectors = new Array<number[] | undefined>(count)
    for (const item of data as { index?: unknown; embedding?: unknown }[]) {
      const index = item?.index
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
        throw this.#malformed(`an item has the index ${JSON.stringify(index)}`)
      }
      if (vectors[index] !== undefined) throw this.#malformed(`the index ${index} appears twice`)
      const embedding = item.embedding
      if (!Array.isArray(embedding) && !(embedding instanceof Float32Array)) {
        throw this.#malformed(`the item ${index} has no list of numbers`)
      }
      if (embedding.length !== this.dimensions) {
        throw new ConfigurationError(
          `${this.#provider} returned ${embedding.length}-d vectors; ${this.dimensions} were expected.`,
          `Set OPENAI_EMBEDDING_MODEL to the model ${this.#config.provider === 'azure' ? 'of the deployment' : 'you use'}, or EMBEDDING_DIMENSIONS to ${embedding.length}.`,
        )
      }
      const unit = normalise(embedding)
      if (unit === undefined)
        throw this.#malformed(`the vector ${index} is not a list of finite, non-zero numbers`)
      vectors[index] = unit
    }
    return vectors as number[][]
  }

  #malformed(problem: string, cause?: unknown): ServiceUnavailableError {
    return new ServiceUnavailableError(
      `${this.#provider} returned a malformed embeddings response: ${problem}.`,
      'The embedding provider misbehaved; try again later.',
      cause === undefined ? undefined : { cause },
    )
  }

  /** Maps a failure to the product's errors; the API key never appears in them (nor in a cause). */
  #toZavaError(error: unknown, attempts: number, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) return signal.reason
    if (error instanceof ZavaError) return error
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
    const later = 'The embedding provider is unavailable; try again later.'
    if (error instanceof APIConnectionTimeoutError) {
      return new ServiceUnavailableError(
        `${this.#provider} did not answer within ${this.#config.timeoutMs} ms (${tries}).`,
        `${later} (EMBEDDING_TIMEOUT_MS sets the limit.)`,
      )
    }
    if (error instanceof APIConnectionError && !(error instanceof APIUserAbortError)) {
      return new ServiceUnavailableError(
        `Could not reach ${this.#provider} (${tries}): ${this.#redact(messageOf(error.cause ?? error))}`,
        later,
        { cause: error },
      )
    }
    if (!(error instanceof APIError) || error.status === undefined) {
      return this.#malformed(this.#redact(messageOf(error)), error)
    }
    const status = error.status
    if (status === 401) {
      return new ConfigurationError(
        `${this.#provider} rejected the API key (401).`,
        `Set ${this.#keyVariable} to a valid key (check for a revoked or mistyped key).`,
      )
    }
    if (status === 403) {
      return new ConfigurationError(
        `${this.#provider} refused access with this API key (403).`,
        `Set ${this.#keyVariable} to a key allowed to use ${this.#config.model} (project, region or network rules may block it).`,
      )
    }
    if (status === 404) {
      const setting =
        this.#config.provider === 'azure'
          ? 'AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_VERSION'
          : 'OPENAI_EMBEDDING_MODEL'
      return new ConfigurationError(
        `${this.#provider} does not know ${this.#config.provider === 'azure' ? `the deployment ${this.#config.deployment}` : `the model ${this.#config.model}`} (404).`,
        `Check ${setting}.`,
      )
    }
    if (status === 429 && error.code === 'insufficient_quota') {
      return new ConfigurationError(
        `${this.#provider} refused the request: the account of ${this.#keyVariable} has no quota left (429).`,
        `Add credit to the account, or set ${this.#keyVariable} to another key.`,
      )
    }
    if ((status === 400 || status === 422) && error.param === 'dimensions') {
      return new ConfigurationError(
        `${this.#config.model} does not accept dimensions=${this.#config.dimensions} (${status}).`,
        'Unset EMBEDDING_DIMENSIONS or choose a text-embedding-3 model.',
      )
    }
    if (status === 400 || status === 413 || status === 422) {
      return new ValidationError(
        `${this.#provider} refused the texts to embed (${status}): ${this.#redact(messageOf(error))}`,
        'Shorten the texts or send fewer at once.',
      )
    }
    // No SDK error as the cause: its body is the provider's text, which we do not vouch for.
    const wait = retryAfterMs(error.headers)
    const request = error.requestID ? `, request ${error.requestID}` : ''
    return new ServiceUnavailableError(
      status === 429
        ? `${this.#provider} is rate limiting requests (429, ${tries}${request}).`
        : `${this.#provider} failed with status ${status} (${tries}${request}).`,
      wait === undefined ? later : `${later} It asked to wait ${Math.ceil(wait / 1000)} s.`,
    )
  }

  #redact(text: string): string {
    return text.split(this.#config.apiKey).join('[API key]')
  }
}

/** Which failures deserve another attempt, and the wait the server asked for. */
function classify(error: unknown): RetryDecision {
  if (error instanceof APIUserAbortError) return { retry: false }
  if (error instanceof APIConnectionError) return { retry: true } // network errors and timeouts
  if (!(error instanceof APIError) || error.status === undefined) return { retry: false }
  const afterMs = retryAfterMs(error.headers)
  const hint = error.headers?.get('x-should-retry')
  if (hint === 'true' || hint === 'false') return { retry: hint === 'true', afterMs }
  if (error.status === 429 && error.code === 'insufficient_quota') return { retry: false }
  const retry = error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500
  return afterMs === undefined ? { retry } : { retry, afterMs }
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (a retry delay is not awaited). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
