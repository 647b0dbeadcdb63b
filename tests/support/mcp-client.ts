import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { ERROR_META_KEY, type ToolErrorPayload } from '../../src/protocol/tool-errors.ts'
import type { RetailDatabase } from './retail-database.ts'

export const ROOT = join(import.meta.dir, '..', '..')

/** Environment for a server subprocess on the shared test database, as the given RLS user. */
export function serverEnv(rdb: RetailDatabase, rlsUserId: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: rdb.appUrl,
    ZAVA_TENANT_KEY: rdb.tenantKey,
    ZAVA_RLS_USER_ID: rlsUserId,
    LOG_LEVEL: 'warn',
    // On the embedded backend the only login is PGlite's superuser.
    ...(rdb.separateAppRole ? {} : { ZAVA_ALLOW_PRIVILEGED_LOGIN: 'true' }),
  }
}

/** Spawns `zava-mcp serve` over stdio and connects the SDK's own client to it. */
export async function connectStdio(
  env: Record<string, string>,
): Promise<{ client: Client; stderr: () => string; close: () => Promise<void> }> {
  const transport = new StdioClientTransport({
    command: 'bun',
    args: [join(ROOT, 'src', 'cli.ts'), 'serve'],
    env,
    stderr: 'pipe',
    cwd: ROOT,
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const client = new Client({ name: 'zava-e2e', version: '1.0.0' })
  try {
    await client.connect(transport)
  } catch (err) {
    throw new Error(`server failed to start: ${String(err)}\n${stderr}`)
  }
  return { client, stderr: () => stderr, close: () => client.close() }
}

/** Calls a tool and returns its structured content, failing with the error text if it errored. */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`)
  return result.structuredContent as T
}

/** Calls a tool expected to fail and returns its typed error payload. */
export async function callError(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult
  if (!result.isError)
    throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(result.structuredContent)}`)
  return result._meta?.[ERROR_META_KEY] as ToolErrorPayload
}
