/**
 * The embedding port: turns texts into unit vectors for semantic search. Adapters: the offline
 * Universal Sentence Encoder lite (default), OpenAI and Azure OpenAI. Pick one with
 * `createEmbedder(embedderConfigFromEnv(process.env))`.
 */
export interface Embedder {
  /** Stored next to each vector, so vectors of different models never mix, e.g. 'use-lite-512'. */
  readonly model: string
  /** Length of every vector, e.g. 512 or 1536. */
  readonly dimensions: number
  /**
   * L2-normalised vectors of `texts`, in the same order, all or nothing (batches internally).
   * Throws `ValidationError` for an empty or oversized text, `ConfigurationError` for a bad key
   * or model, `ServiceUnavailableError` when the provider fails after retries.
   */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>
  /** Frees the model or connections; the embedder is not used afterwards. */
  close?(): Promise<void>
}

/** Settings shared by the OpenAI and Azure OpenAI adapters. */
export interface RemoteEmbedderSettings {
  readonly apiKey: string
  /** The model, e.g. 'text-embedding-3-small' (for Azure: the model behind the deployment). */
  readonly model: string
  readonly dimensions: number
  /** Most texts in one request. */
  readonly batchSize: number
  /** Longest one request may take, per attempt. */
  readonly timeoutMs: number
  /** Retries after the first attempt on 429, 5xx, connection errors and timeouts. */
  readonly maxRetries: number
}

export type LocalEmbedderConfig = { readonly provider: 'local' }
export type OpenAIEmbedderConfig = RemoteEmbedderSettings & {
  readonly provider: 'openai'
  /** Another OpenAI-compatible server; unset: the OpenAI API. */
  readonly baseUrl?: string
}
export type AzureEmbedderConfig = RemoteEmbedderSettings & {
  readonly provider: 'azure'
  /** The resource URL, e.g. https://NAME.openai.azure.com */
  readonly endpoint: string
  readonly deployment: string
  readonly apiVersion: string
}
export type EmbedderConfig =
  | LocalEmbedderConfig
  | OpenAIEmbedderConfig
  | AzureEmbedderConfig
  | { readonly provider: 'none' }

export { embedderConfigFromEnv } from './config.ts'

/**
 * The embedder of a configuration; undefined for 'none' (semantic search unavailable). Adapters
 * are imported on demand, so a deployment loads only the SDK or model it uses; the local model
 * itself loads on the first `embed`.
 */
export async function createEmbedder(config: EmbedderConfig): Promise<Embedder | undefined> {
  switch (config.provider) {
    case 'none':
      return undefined
    case 'local': {
      const { LocalEmbedder } = await import('./local.ts')
      return new LocalEmbedder()
    }
    case 'openai':
    case 'azure': {
      const { OpenAIEmbedder } = await import('./openai.ts')
      return new OpenAIEmbedder(config)
    }
  }
}
