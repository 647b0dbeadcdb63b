import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js'
import type { z } from 'zod'
import type { Caller } from '../data/with-tenant.ts'
import type { Logger } from '../infra/log.ts'
import type { Services } from './deps.ts'

/** What a tool's `run` gets: who is asking, the services, and the request's clock and logger. */
export interface ToolContext {
  caller: Caller
  services: Services
  /** Today's date in UTC ('YYYY-MM-DD'), fixed for the whole call. */
  today: string
  now: Date
  requestId: string
  log: Logger
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string
  title: string
  description: string
  input: I
  output: O
  annotations?: ToolAnnotations
  /** Registered only when this says so (e.g. search needs an embedder). */
  enabled?: (services: Services) => boolean
  run: (args: z.output<I>, ctx: ToolContext) => Promise<z.input<O>>
  /** A readable rendering of the structured result for clients that show text. */
  render: (result: z.output<O>) => string
}

/** Identity function that gives a tool definition its types. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool
}
