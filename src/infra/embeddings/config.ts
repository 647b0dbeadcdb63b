import { z } from 'zod'
import { ConfigurationError } from '../../errors.ts'
import type { EmbedderConfig } from './embedder.ts'

/** Vector length of the models we know; `dimensions` may shorten it (ada-002 excepted). */
export const nativeDimensions: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
}
/** Models that refuse the `dimensions` parameter. */
export const fixedDimensionModels: ReadonlySet<string> = new Set(['text-embedding-ada-002'])

/** How to fix each variable: the second half of every error line. */
const help: Record<string, string> = {
  EMBEDDINGS_PROVIDER: 'one of local (offline model, default), openai, azure, none (no semantic search)',
  OPENAI_API_KEY: 'the API key of your OpenAI project (platform.openai.com → API keys)',
  OPENAI_BASE_URL: 'URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1; leave unset for OpenAI',
  OPENAI_EMBEDDING_MODEL:
    'the embedding model (for Azure: the model behind the deployment), e.g. text-embedding-3-small',
  EMBEDDING_DIMENSIONS:
    'vector length: at most the model’s own (1536 for text-embedding-3-small); required for other models',
  EMBEDDING_BATCH_SIZE: 'texts per request, 1 to 2048 (default 96)',
  EMBEDDING_TIMEOUT_MS: 'longest one request may take in milliseconds, 100 to 600000 (default 10000)',
  EMBEDDING_MAX_RETRIES: 'retries of a failed request, 0 to 10 (default 3)',
  AZURE_OPENAI_API_KEY: 'a key of your Azure OpenAI resource (Azure portal → Keys and Endpoint)',
  AZURE_OPENAI_ENDPOINT: 'the resource URL, e.g. https://NAME.openai.azure.com',
  AZURE_OPENAI_DEPLOYMENT: 'the name of your embedding model deployment',
  AZURE_OPENAI_API_VERSION: 'an Azure OpenAI API version, e.g. 2024-10-21 (the default)',
}

const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback)

const secret = z
  .string({ error: 'is not set' })
  .trim()
  .min(1, 'is not set')
  .regex(/^\S+$/, 'must not contain spaces or line breaks')

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''))

const Provider = z.object({
  EMBEDDINGS_PROVIDER: z
    .enum(['local', 'openai', 'azure', 'none'], 'must be local, openai, azure or none')
    .default('local'),
})

const Remote = z.object({
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1, 'is empty').default('text-embedding-3-small'),
  EMBEDDING_DIMENSIONS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(16_000, 'must be at most 16000 (pgvector’s limit)')
    .optional(),
  EMBEDDING_BATCH_SIZE: int(1, 2048, 96),
  EMBEDDING_TIMEOUT_MS: int(100, 600_000, 10_000),
  EMBEDDING_MAX_RETRIES: int(0, 10, 3),
})

const OpenAISchema = Remote.extend({ OPENAI_API_KEY: secret, OPENAI_BASE_URL: httpUrl.optional() })

const AzureSchema = Remote.extend({
  AZURE_OPENAI_API_KEY: secret,
  AZURE_OPENAI_ENDPOINT: httpUrl.optional().refine((url) => url !== undefined, 'is not set'),
  AZURE_OPENAI_DEPLOYMENT: z.string({ error: 'is not set' }).trim().min(1, 'is not set'),
  AZURE_OPENAI_API_VERSION: z.string().trim().min(1).default('2024-10-21'),
})

type Problem = { variable: string; message: string }

/**
 * The embedder settings from the environment, validated once at start-up. Only the chosen
 * provider's variables are read; every bad one is listed at once, with how to fix it, and the
 * API key's value is never repeated.
 *
 * @example embedderConfigFromEnv({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-…' })
 */
export function embedderConfigFromEnv(env: Record<string, string | undefined> = process.env): EmbedderConfig {
  // An empty variable counts as unset, as in the server's own configuration.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const provider = Provider.safeParse(present)
  if (!provider.success) fail(problemsOf(provider.error))
  switch (provider.data.EMBEDDINGS_PROVIDER) {
    case 'local':
    case 'none':
      return { provider: provider.data.EMBEDDINGS_PROVIDER }
    case 'openai': {
      const { data, dimensions } = settle(OpenAISchema.safeParse(present), present)
      return {
        provider: 'openai',
        apiKey: data.OPENAI_API_KEY,
        ...(data.OPENAI_BASE_URL === undefined ? {} : { baseUrl: data.OPENAI_BASE_URL }),
        ...remoteSettings(data, dimensions),
      }
    }
    case 'azure': {
      const { data, dimensions } = settle(AzureSchema.safeParse(present), present)
      return {
        provider: 'azure',
        apiKey: data.AZURE_OPENAI_API_KEY,
        endpoint: data.AZURE_OPENAI_ENDPOINT!,
        deployment: data.AZURE_OPENAI_DEPLOYMENT,
        apiVersion: data.AZURE_OPENAI_API_VERSION,
        ...remoteSettings(data, dimensions),
      }
    }
  }
}

/** A remote provider's parsed variables and resolved dimensions, or every problem at once. */
function settle<T extends z.infer<typeof Remote>>(
  parsed: z.ZodSafeParseResult<T>,
  present: Record<string, unknown>,
) {
  const problems = parsed.success ? [] : problemsOf(parsed.error)
  // Checked on their own, so that a problem elsewhere does not hide theirs.
  const model = Remote.pick({ OPENAI_EMBEDDING_MODEL: true, EMBEDDING_DIMENSIONS: true }).safeParse(present)
  const dimensions = model.success
    ? dimensionsOf(model.data.OPENAI_EMBEDDING_MODEL, model.data.EMBEDDING_DIMENSIONS)
    : 0
  if (typeof dimensions !== 'number') problems.push(dimensions)
  if (!parsed.success || typeof dimensions !== 'number') fail(problems)
  return { data: parsed.data, dimensions }
}

function remoteSettings(remote: z.infer<typeof Remote>, dimensions: number) {
  return {
    model: remote.OPENAI_EMBEDDING_MODEL,
    dimensions,
    batchSize: remote.EMBEDDING_BATCH_SIZE,
    timeoutMs: remote.EMBEDDING_TIMEOUT_MS,
    maxRetries: remote.EMBEDDING_MAX_RETRIES,
  }
}

/** The configured dimensions, or else the model's own; a problem when they do not fit the model. */
function dimensionsOf(model: string, configured: number | undefined): number | Problem {
  const variable = 'EMBEDDING_DIMENSIONS'
  const native = nativeDimensions[model]
  if (native === undefined) return configured ?? { variable, message: `is required for the model ${model}` }
  if (configured === undefined) return native
  if (fixedDimensionModels.has(model) && configured !== native) {
    return { variable, message: `must be ${native} for ${model} (or unset)` }
  }
  if (configured > native) return { variable, message: `must be at most ${native} for ${model}` }
  return configured
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    variable: String(issue.path[0] ?? 'environment'),
    message: issue.message,
  }))
}

function fail(problems: Problem[]): never {
  const lines = problems.map(({ variable, message }) => {
    const fix = help[variable]
    return fix === undefined ? `${variable} ${message}` : `${variable} ${message}: ${fix}`
  })
  throw new ConfigurationError(
    `Invalid embeddings configuration:\n  ${lines.join('\n  ')}`,
    'Fix these environment variables, or set EMBEDDINGS_PROVIDER=local (offline model) or none (no semantic search).',
  )
}
