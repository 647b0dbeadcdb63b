import { describe, expect, it } from 'bun:test'
import { ConfigurationError } from '../../../../src/errors.ts'
import { embedderConfigFromEnv } from '../../../../src/infra/embeddings/embedder.ts'

const KEY = 'sk-proj-abc123SECRET'

function configurationError(env: Record<string, string | undefined>): ConfigurationError {
  try {
    embedderConfigFromEnv(env)
  } catch (error) {
    if (error instanceof ConfigurationError) return error
    throw error
  }
  throw new Error('expected a ConfigurationError')
}

describe('embedderConfigFromEnv', () => {
  it('chooses the offline model when nothing is set', () => {
    expect(embedderConfigFromEnv({})).toEqual({ provider: 'local' })
  })

  it('treats an empty EMBEDDINGS_PROVIDER as unset and ignores other providers’ variables', () => {
    expect(embedderConfigFromEnv({ EMBEDDINGS_PROVIDER: '', EMBEDDING_BATCH_SIZE: 'lots' })).toEqual({
      provider: 'local',
    })
  })

  it('turns semantic search off with none', () => {
    expect(embedderConfigFromEnv({ EMBEDDINGS_PROVIDER: 'none' })).toEqual({ provider: 'none' })
  })

  it('gives OpenAI defaults: text-embedding-3-small, 1536 dimensions, batches of 96', () => {
    expect(embedderConfigFromEnv({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: KEY })).toEqual({
      provider: 'openai',
      apiKey: KEY,
      model: 'text-embedding-3-small',
      dimensions: 1536,
      batchSize: 96,
      timeoutMs: 10_000,
      maxRetries: 3,
    })
  })

  it('reads every OpenAI variable, trimming the key and the base URL’s trailing slash', () => {
    const config = embedderConfigFromEnv({
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_API_KEY: ` ${KEY}\n`,
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/',
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large',
      EMBEDDING_DIMENSIONS: '256',
      EMBEDDING_BATCH_SIZE: '10',
      EMBEDDING_TIMEOUT_MS: '2500',
      EMBEDDING_MAX_RETRIES: '0',
    })
    expect(config).toEqual({
      provider: 'openai',
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'text-embedding-3-large',
      dimensions: 256,
      batchSize: 10,
      timeoutMs: 2500,
      maxRetries: 0,
    })
  })

  it('takes the dimensions of the model by default', () => {
    const env = { EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: KEY }
    expect(embedderConfigFromEnv({ ...env, OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large' })).toMatchObject(
      { dimensions: 3072 },
    )
    expect(embedderConfigFromEnv({ ...env, OPENAI_EMBEDDING_MODEL: 'text-embedding-ada-002' })).toMatchObject(
      { dimensions: 1536 },
    )
  })

  it('reads the Azure variables, with a default API version', () => {
    expect(
      embedderConfigFromEnv({
        EMBEDDINGS_PROVIDER: 'azure',
        AZURE_OPENAI_API_KEY: KEY,
        AZURE_OPENAI_ENDPOINT: 'https://zava.openai.azure.com/',
        AZURE_OPENAI_DEPLOYMENT: 'embed-small',
        OPENAI_BASE_URL: 'https://ignored.example',
      }),
    ).toEqual({
      provider: 'azure',
      apiKey: KEY,
      endpoint: 'https://zava.openai.azure.com',
      deployment: 'embed-small',
      apiVersion: '2024-10-21',
      model: 'text-embedding-3-small',
      dimensions: 1536,
      batchSize: 96,
      timeoutMs: 10_000,
      maxRetries: 3,
    })
  })

  it('names an unknown provider and the accepted ones', () => {
    const error = configurationError({ EMBEDDINGS_PROVIDER: 'cohere' })
    expect(error.message).toContain('EMBEDDINGS_PROVIDER must be local, openai, azure or none')
  })

  it('names a missing OpenAI key and where to get one', () => {
    const error = configurationError({ EMBEDDINGS_PROVIDER: 'openai' })
    expect(error.message).toContain('OPENAI_API_KEY is not set: the API key of your OpenAI project')
    expect(error.hint).toContain('EMBEDDINGS_PROVIDER=local')
  })

  it('lists every bad Azure variable at once', () => {
    const error = configurationError({
      EMBEDDINGS_PROVIDER: 'azure',
      AZURE_OPENAI_ENDPOINT: 'zava.openai.azure.com',
      EMBEDDING_TIMEOUT_MS: 'soon',
      EMBEDDING_DIMENSIONS: '4000',
    })
    for (const variable of [
      'AZURE_OPENAI_API_KEY is not set',
      'AZURE_OPENAI_ENDPOINT must be an http(s) URL',
      'AZURE_OPENAI_DEPLOYMENT is not set',
      'EMBEDDING_TIMEOUT_MS must be a number',
      'EMBEDDING_DIMENSIONS must be at most 1536 for text-embedding-3-small',
    ]) {
      expect(error.message).toContain(variable)
    }
  })

  it('rejects out-of-range numbers with the accepted range', () => {
    const env = { EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: KEY }
    expect(configurationError({ ...env, EMBEDDING_BATCH_SIZE: '5000' }).message).toContain(
      'EMBEDDING_BATCH_SIZE must be at most 2048: texts per request, 1 to 2048',
    )
    expect(configurationError({ ...env, EMBEDDING_MAX_RETRIES: '1.5' }).message).toContain(
      'EMBEDDING_MAX_RETRIES must be a whole number',
    )
  })

  it('requires EMBEDDING_DIMENSIONS for a model it does not know, and a fixed length for ada-002', () => {
    const env = { EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: KEY }
    expect(configurationError({ ...env, OPENAI_EMBEDDING_MODEL: 'nomic-embed-text' }).message).toContain(
      'EMBEDDING_DIMENSIONS is required for the model nomic-embed-text',
    )
    expect(
      embedderConfigFromEnv({
        ...env,
        OPENAI_EMBEDDING_MODEL: 'nomic-embed-text',
        EMBEDDING_DIMENSIONS: '768',
      }),
    ).toMatchObject({ dimensions: 768 })
    expect(
      configurationError({
        ...env,
        OPENAI_EMBEDDING_MODEL: 'text-embedding-ada-002',
        EMBEDDING_DIMENSIONS: '512',
      }).message,
    ).toContain('EMBEDDING_DIMENSIONS must be 1536 for text-embedding-ada-002')
  })

  it('rejects a key with inner spaces without repeating it', () => {
    const error = configurationError({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-abc SECRET' })
    expect(error.message).toContain('OPENAI_API_KEY must not contain spaces or line breaks')
    expect(`${error.message} ${error.hint}`).not.toContain('SECRET')
  })
})
