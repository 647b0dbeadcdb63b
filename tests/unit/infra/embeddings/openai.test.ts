import { afterEach, beforeEach, describe, expect, it } from 'bun:test'
import { ConfigurationError, ServiceUnavailableError, ValidationError } from '../../../../src/errors.ts'
import type { AzureEmbedderConfig, OpenAIEmbedderConfig } from '../../../../src/infra/embeddings/embedder.ts'
import { createEmbedder } from '../../../../src/infra/embeddings/embedder.ts'
import { OpenAIEmbedder } from '../../../../src/infra/embeddings/openai.ts'
import { normalise } from '../../../../src/infra/embeddings/vectors.ts'
import { type StandIn, startOpenAIStandIn, vectorOf } from '../../../support/openai-stand-in.ts'

const KEY = 'sk-test-5ecret-key-0123456789'
const WRONG_KEY = 'sk-wrong-5ecret-key-9876543210'
const BOUND = 10_000 // ms: every test here finishes well within it
const fastBackoff = { initialDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 }

let api: StandIn
beforeEach(() => {
  api = startOpenAIStandIn({ apiKey: KEY })
})
afterEach(async () => {
  await api.stop()
})

const openaiConfig = (overrides: Partial<OpenAIEmbedderConfig> = {}): OpenAIEmbedderConfig => ({
  provider: 'openai',
  apiKey: KEY,
  baseUrl: `${api.url}/v1`,
  model: 'text-embedding-3-small',
  dimensions: 1536,
  batchSize: 96,
  timeoutMs: 2_000,
  maxRetries: 3,
  ...overrides,
})
const azureConfig = (overrides: Partial<AzureEmbedderConfig> = {}): AzureEmbedderConfig => ({
  provider: 'azure',
  apiKey: KEY,
  endpoint: api.url,
  deployment: 'embed-small',
  apiVersion: '2024-10-21',
  model: 'text-embedding-3-small',
  dimensions: 1536,
  batchSize: 96,
  timeoutMs: 2_000,
  maxRetries: 3,
  ...overrides,
})
const openai = (overrides: Partial<OpenAIEmbedderConfig> = {}) =>
  new OpenAIEmbedder(openaiConfig(overrides), { backoff: fastBackoff })
const azure = (overrides: Partial<AzureEmbedderConfig> = {}) =>
  new OpenAIEmbedder(azureConfig(overrides), { backoff: fastBackoff })

const texts = (n: number) => Array.from({ length: n }, (_, i) => `product description ${i}`)
const expected = (text: string, dimensions = 1536) => normalise(vectorOf(text, dimensions))!

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

function expectClose(actual: number[], wanted: number[]) {
  expect(actual).toHaveLength(wanted.length)
  expect(Math.max(...actual.map((value, i) => Math.abs(value - wanted[i]!)))).toBeLessThan(1e-6)
}

describe('OpenAIEmbedder with OpenAI', () => {
  it(
    'embeds 250 texts in 3 requests of at most 96, in input order, as unit vectors',
    async () => {
      const input = texts(250)
      const vectors = await openai().embed(input)

      expect(api.requests.map((request) => (request.body?.input as string[] | undefined)?.length)).toEqual([
        96, 96, 58,
      ])
      expect(vectors).toHaveLength(250)
      for (const [i, vector] of vectors.entries()) expectClose(vector, expected(input[i]!))
      for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 12)
    },
    BOUND,
  )

  it(
    'puts vectors back in input order when the response lists them out of order',
    async () => {
      api.script({ kind: 'reversed' })
      const input = texts(5)
      const vectors = await openai().embed(input)
      for (const [i, vector] of vectors.entries()) expectClose(vector, expected(input[i]!))
    },
    BOUND,
  )

  it(
    'posts to /v1/embeddings with a Bearer key, the model, and no dimensions at the model’s own length',
    async () => {
      const embedder = openai()
      await embedder.embed(['cordless drill'])
      const [request] = api.requests
      expect(request?.path).toBe('/v1/embeddings')
      expect(request?.headers.get('authorization')).toBe(`Bearer ${KEY}`)
      expect(request?.body?.model).toBe('text-embedding-3-small')
      expect(request?.body?.dimensions).toBeUndefined()
      expect(embedder.model).toBe('openai:text-embedding-3-small')
      expect(embedder.dimensions).toBe(1536)
    },
    BOUND,
  )

  it(
    'asks for shortened vectors with dimensions and names the model after them',
    async () => {
      const embedder = openai({ dimensions: 512 })
      const [vector] = await embedder.embed(['cordless drill'])
      expect(api.requests[0]?.body?.dimensions).toBe(512)
      expect(vector).toHaveLength(512)
      expect(embedder.model).toBe('openai:text-embedding-3-small@512')
    },
    BOUND,
  )

  it(
    'returns [] for no texts without calling the API',
    async () => {
      expect(await openai().embed([])).toEqual([])
      expect(api.requests).toHaveLength(0)
    },
    BOUND,
  )

  it(
    'gives VALIDATION_ERROR for an empty or oversized text without calling the API',
    async () => {
      expect(await failure(openai().embed(['drill', '  ']))).toBeInstanceOf(ValidationError)
      expect(await failure(openai().embed(['x'.repeat(8001)]))).toBeInstanceOf(ValidationError)
      expect(api.requests).toHaveLength(0)
    },
    BOUND,
  )
})

describe('OpenAIEmbedder with Azure OpenAI', () => {
  it(
    'posts to /openai/deployments/{deployment}/embeddings?api-version=… with the api-key header',
    async () => {
      const embedder = azure()
      const [vector] = await embedder.embed(['cordless drill'])
      const [request] = api.requests
      expect(request?.path).toBe('/openai/deployments/embed-small/embeddings')
      expect(request?.query.get('api-version')).toBe('2024-10-21')
      expect(request?.headers.get('api-key')).toBe(KEY)
      expect(request?.headers.get('authorization')).toBeNull()
      expectClose(vector!, expected('cordless drill'))
      expect(embedder.model).toBe('openai:text-embedding-3-small')
    },
    BOUND,
  )

  it(
    'gives CONFIGURATION_ERROR naming AZURE_OPENAI_API_KEY for a rejected key',
    async () => {
      const error = await failure(azure({ apiKey: WRONG_KEY }).embed(['drill']))
      expect(error).toBeInstanceOf(ConfigurationError)
      expect((error as ConfigurationError).hint).toContain('AZURE_OPENAI_API_KEY')
      expect(
        JSON.stringify({ message: error.message, hint: (error as ConfigurationError).hint }),
      ).not.toContain(WRONG_KEY)
    },
    BOUND,
  )

  it(
    'gives CONFIGURATION_ERROR naming the deployment setting for a 404',
    async () => {
      api.script({
        kind: 'status',
        status: 404,
        error: { code: 'DeploymentNotFound', message: 'no such deployment' },
      })
      const error = await failure(azure().embed(['drill']))
      expect(error).toBeInstanceOf(ConfigurationError)
      expect((error as ConfigurationError).hint).toContain('AZURE_OPENAI_DEPLOYMENT')
      expect(api.requests).toHaveLength(1)
    },
    BOUND,
  )
})

describe('OpenAIEmbedder retries', () => {
  it(
    'retries a 429 after the Retry-After it asks for, then succeeds',
    async () => {
      api.script({ kind: 'status', status: 429, retryAfter: '1' })
      const started = performance.now()
      const [vector] = await openai().embed(['drill'])
      expect(performance.now() - started).toBeGreaterThanOrEqual(990)
      expect(api.requests).toHaveLength(2)
      expectClose(vector!, expected('drill'))
    },
    BOUND,
  )

  it(
    'honours Azure’s retry-after-ms on repeated 429s',
    async () => {
      const throttled = { kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } } as const
      api.script(throttled, throttled)
      const started = performance.now()
      await azure().embed(['drill'])
      expect(performance.now() - started).toBeGreaterThanOrEqual(590)
      expect(api.requests).toHaveLength(3)
    },
    BOUND,
  )

  it(
    'retries a 500 and a 503, then succeeds',
    async () => {
      api.script({ kind: 'status', status: 500 }, { kind: 'status', status: 503 })
      expect(await openai().embed(['drill'])).toHaveLength(1)
      expect(api.requests).toHaveLength(3)
    },
    BOUND,
  )

  it(
    'gives SERVICE_UNAVAILABLE once retries of 5xx are exhausted',
    async () => {
      const failing = { kind: 'status', status: 502 } as const
      api.script(failing, failing, failing, failing, failing)
      const error = await failure(openai({ maxRetries: 3 }).embed(['drill']))
      expect(error).toBeInstanceOf(ServiceUnavailableError)
      expect(error.message).toContain('502 (4 attempts)')
      expect(api.requests).toHaveLength(4)
    },
    BOUND,
  )

  it(
    'gives up at once when Retry-After is longer than it will wait, saying how long',
    async () => {
      api.script({ kind: 'status', status: 429, retryAfter: '120' })
      const error = await failure(openai().embed(['drill']))
      expect(error).toBeInstanceOf(ServiceUnavailableError)
      expect((error as ServiceUnavailableError).hint).toContain('wait 120 s')
      expect(api.requests).toHaveLength(1)
    },
    BOUND,
  )

  it(
    'does not retry a 401 and gives CONFIGURATION_ERROR naming OPENAI_API_KEY, without the key',
    async () => {
      const error = await failure(openai({ apiKey: WRONG_KEY }).embed(['drill']))
      expect(error).toBeInstanceOf(ConfigurationError)
      const shown = `${error.message} ${(error as ConfigurationError).hint} ${String(error.cause)} ${error.stack}`
      expect(shown).toContain('OPENAI_API_KEY')
      expect(shown).not.toContain(WRONG_KEY)
      expect(api.requests).toHaveLength(1)
    },
    BOUND,
  )

  it(
    'does not retry a 429 for exhausted quota and gives CONFIGURATION_ERROR',
    async () => {
      api.script({ kind: 'status', status: 429, error: { code: 'insufficient_quota', message: 'quota' } })
      expect(await failure(openai().embed(['drill']))).toBeInstanceOf(ConfigurationError)
      expect(api.requests).toHaveLength(1)
    },
    BOUND,
  )

  it(
    'gives SERVICE_UNAVAILABLE when every attempt outlasts the timeout',
    async () => {
      api.script({ kind: 'slow', delayMs: 3_000 }, { kind: 'slow', delayMs: 3_000 })
      const started = performance.now()
      const error = await failure(openai({ timeoutMs: 200, maxRetries: 1 }).embed(['drill']))
      expect(performance.now() - started).toBeLessThan(1_500)
      expect(error).toBeInstanceOf(ServiceUnavailableError)
      expect(error.message).toContain('did not answer within 200 ms (2 attempts)')
    },
    BOUND,
  )

  it(
    'gives SERVICE_UNAVAILABLE when the server cannot be reached',
    async () => {
      await api.stop()
      const error = await failure(openai({ maxRetries: 1 }).embed(['drill']))
      expect(error).toBeInstanceOf(ServiceUnavailableError)
      expect(error.message).toContain('Could not reach OpenAI (2 attempts)')
    },
    BOUND,
  )

  it(
    'rejects with the abort reason as soon as the caller aborts, even while waiting to retry',
    async () => {
      api.script({ kind: 'status', status: 429, retryAfter: '3' })
      const controller = new AbortController()
      setTimeout(() => controller.abort(new Error('caller gave up')), 100)
      const started = performance.now()
      const error = await failure(openai().embed(['drill'], { signal: controller.signal }))
      expect(error.message).toBe('caller gave up')
      expect(performance.now() - started).toBeLessThan(1_000)
    },
    BOUND,
  )
})

describe('OpenAIEmbedder with a malformed response', () => {
  const malformed = [
    ['a body that is not JSON', { kind: 'malformed-json' }],
    ['no data list', { kind: 'no-data' }],
    ['a missing vector', { kind: 'missing-item' }],
    ['a repeated index', { kind: 'duplicate-index' }],
    ['a non-numeric value', { kind: 'non-numeric' }],
  ] as const
  for (const [what, answer] of malformed) {
    it(
      `gives SERVICE_UNAVAILABLE for ${what}, without retrying`,
      async () => {
        api.script(answer)
        const error = await failure(openai().embed(texts(3)))
        expect(error).toBeInstanceOf(ServiceUnavailableError)
        expect(error.message).toContain('malformed')
        expect(api.requests).toHaveLength(1)
      },
      BOUND,
    )
  }

  it(
    'gives CONFIGURATION_ERROR naming EMBEDDING_DIMENSIONS for vectors of the wrong length',
    async () => {
      api.script({ kind: 'wrong-dimension', dimensions: 3072 })
      const error = await failure(openai().embed(texts(3)))
      expect(error).toBeInstanceOf(ConfigurationError)
      expect(error.message).toContain('3072-d')
      expect((error as ConfigurationError).hint).toContain('EMBEDDING_DIMENSIONS')
    },
    BOUND,
  )

  it(
    'returns nothing when a later batch fails: no partial result',
    async () => {
      api.script({ kind: 'reversed' }, { kind: 'missing-item' })
      expect(await failure(openai().embed(texts(250)))).toBeInstanceOf(ServiceUnavailableError)
      expect(api.requests).toHaveLength(2)
    },
    BOUND,
  )
})

describe('createEmbedder', () => {
  it('gives no embedder for provider none', async () => {
    expect(await createEmbedder({ provider: 'none' })).toBeUndefined()
  })

  it(
    'gives a working OpenAI embedder for an openai configuration',
    async () => {
      const embedder = await createEmbedder(openaiConfig())
      expect(embedder?.model).toBe('openai:text-embedding-3-small')
      expect(await embedder?.embed(['drill'])).toHaveLength(1)
    },
    BOUND,
  )
})
