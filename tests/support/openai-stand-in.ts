/**
 * A local stand-in for the OpenAI and Azure OpenAI embeddings API (the real ones are out of
 * reach in tests): `POST /v1/embeddings` and
 * `POST /openai/deployments/{deployment}/embeddings?api-version=…`, on 127.0.0.1 and a free port.
 * Vectors are derived from a hash of each text (deterministic, deliberately not unit length),
 * float or base64 as asked. Every request is recorded; the next responses can be scripted.
 *
 * @example
 * const api = startOpenAIStandIn({ apiKey: 'sk-test' })
 * api.script({ kind: 'status', status: 429, retryAfter: '1' }) // then normal answers
 * await api.stop()
 */

/** One scripted answer, used by the next request. */
export type Scripted =
  | {
      kind: 'status'
      status: number
      retryAfter?: string
      headers?: Record<string, string>
      error?: Record<string, unknown>
    }
  | { kind: 'malformed-json' }
  | { kind: 'no-data' }
  | { kind: 'wrong-dimension'; dimensions: number }
  | { kind: 'missing-item' }
  | { kind: 'duplicate-index' }
  | { kind: 'non-numeric' }
  | { kind: 'reversed' }
  | { kind: 'slow'; delayMs: number }

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: EmbeddingsBody | undefined
}

export interface EmbeddingsBody {
  readonly model?: string
  readonly input?: string | string[]
  readonly dimensions?: number
  readonly encoding_format?: 'float' | 'base64'
}

export interface StandIn {
  /** Origin, e.g. http://127.0.0.1:40123 (OpenAI base URL: `${url}/v1`; Azure endpoint: `url`). */
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Queues answers for the next requests, in order; afterwards requests are answered normally. */
  script(...answers: Scripted[]): void
  stop(): Promise<void>
}

export interface StandInOptions {
  /** Expected key (Bearer for OpenAI, `api-key` for Azure); any other gets a 401 echoing it, as OpenAI does. */
  readonly apiKey?: string
  /** Length of vectors when the request has no `dimensions` (default 1536). */
  readonly dimensions?: number
}

export function startOpenAIStandIn(options: StandInOptions = {}): StandIn {
  const requests: RecordedRequest[] = []
  const queue: Scripted[] = []
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const body = await request
        .json()
        .then((json) => json as EmbeddingsBody)
        .catch(() => undefined)
      requests.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
      })

      const azure = /^\/openai\/deployments\/[^/]+\/embeddings$/.test(url.pathname)
      if (request.method !== 'POST' || !(azure || url.pathname === '/v1/embeddings')) {
        return apiError(404, { message: `No route ${request.method} ${url.pathname}`, code: 'not_found' })
      }
      if (azure && !url.searchParams.get('api-version')) {
        return apiError(404, { message: 'Resource not found: api-version is missing', code: '404' })
      }
      const presented = azure
        ? request.headers.get('api-key')
        : request.headers.get('authorization')?.replace(/^Bearer /, '')
      if (options.apiKey !== undefined && presented !== options.apiKey) {
        return apiError(401, {
          message: `Incorrect API key provided: ${presented}.`,
          code: 'invalid_api_key',
        })
      }
      const input = typeof body?.input === 'string' ? [body.input] : body?.input
      if (!Array.isArray(input) || input.length === 0)
        return apiError(400, { message: "'input' is required", param: 'input' })

      const answer = queue.shift()
      if (answer?.kind === 'status') {
        const headers = {
          ...(answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter }),
          ...answer.headers,
        }
        return apiError(answer.status, answer.error ?? { message: `Scripted ${answer.status}` }, headers)
      }
      if (answer?.kind === 'malformed-json') {
        return new Response('{"object": "list", "data": [', {
          headers: { 'content-type': 'application/json' },
        })
      }
      if (answer?.kind === 'no-data') return Response.json({ object: 'list', model: body?.model })
      if (answer?.kind === 'slow') await Bun.sleep(answer.delayMs)

      const dimensions =
        answer?.kind === 'wrong-dimension'
          ? answer.dimensions
          : (body?.dimensions ?? options.dimensions ?? 1536)
      let data: { object: 'embedding'; index: number; embedding: unknown }[] = input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: encode(vectorOf(String(text), dimensions), body?.encoding_format),
      }))
      if (answer?.kind === 'missing-item') data = data.slice(0, -1)
      if (answer?.kind === 'duplicate-index') data = data.map((item) => ({ ...item, index: 0 }))
      if (answer?.kind === 'reversed') data = data.reverse()
      if (answer?.kind === 'non-numeric') {
        data = data.map((item, i) =>
          i === 0 ? { ...item, embedding: ['0.1', 'x', ...Array(dimensions - 2).fill(0.1)] } : item,
        )
      }
      return Response.json({
        object: 'list',
        data,
        model: body?.model,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      })
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    script: (...answers) => queue.push(...answers),
    stop: () => server.stop(true),
  }
}

/** The stand-in's vector of a text: seeded by its FNV-1a hash, components in [-1, 1). */
export function vectorOf(text: string, dimensions: number): number[] {
  let seed = 0x811c9dc5
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193)
  const vector = new Array<number>(dimensions)
  for (let i = 0; i < dimensions; i++) {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    vector[i] = Math.fround((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1)
  }
  return vector
}

function encode(vector: number[], format: EmbeddingsBody['encoding_format']): number[] | string {
  return format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector
}

function apiError(
  status: number,
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { type: 'invalid_request_error', param: null, code: null, ...error } },
    { status, headers },
  )
}
