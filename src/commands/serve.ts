import { parseArgs } from 'node:util'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { openRuntime, resolveConfiguredCaller } from '../app.ts'
import { ZavaError } from '../errors.ts'
import { loadConfig } from '../infra/config.ts'
import { createLogger } from '../infra/log.ts'
import { createServer } from '../protocol/server.ts'

/** `zava-mcp serve`: config → logger → database → identity → transport, then serve until told to stop. */
export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { transport: { type: 'string', default: 'stdio' } } })
  if (values.transport !== 'stdio') {
    process.stderr.write(`zava-mcp: unknown transport '${values.transport}' (expected stdio).\n`)
    return 2
  }
  const config = loadConfig()
  const log = createLogger(config.LOG_LEVEL)
  let runtime: Awaited<ReturnType<typeof openRuntime>> | undefined
  try {
    runtime = await openRuntime(config, log)
    const caller = await resolveConfiguredCaller(runtime.tdb, config.ZAVA_RLS_USER_ID)
    log.info(
      { kind: caller.kind, stores: caller.storeIds.length, backend: runtime.backend },
      'serving over stdio',
    )
    const server = createServer({ services: runtime.services, resolveCaller: async () => caller, log })
    const transport = new StdioServerTransport()
    const stopped = new Promise<void>((resolve) => {
      transport.onclose = resolve
      process.stdin.once('end', resolve)
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await server.connect(transport)
    await stopped
    await server.close()
    return 0
  } catch (err) {
    const message = err instanceof ZavaError ? `${err.message} ${err.hint ?? ''}`.trim() : String(err)
    log.fatal({ err }, `start-up failed: ${message}`)
    return 1
  } finally {
    await runtime?.close()
  }
}
