import { findDocker } from './docker-host.ts'
import { errorMessage, ProvisionError } from './errors.ts'
import { onExitCleanup } from './exit-guard.ts'
import type { Backend, ProvisionContext, ProvisionedDatabase } from './types.ts'
import { vectorProblem } from './vector-check.ts'

export const defaultImage = 'pgvector/pgvector:pg17'
/** Every provisioned container carries it, so leftovers can be found: docker ps -aq --filter label=… */
export const containerLabel = 'zava-mcp.provisioned'

export const containerBackend: Backend = {
  kind: 'container',
  async probe(ctx) {
    const found = await findDocker(ctx.env)
    return found.ok ? { ok: true, detail: `Docker daemon at ${found.host}` } : found
  },
  async start(ctx) {
    const found = await findDocker(ctx.env)
    if (!found.ok) throw new ProvisionError(`container: ${found.missing}`, found.hint)
    return startContainer(found.host, ctx)
  },
}

let boundHost: string | undefined

/**
 * testcontainers reads DOCKER_HOST and its own settings from process.env once per process and caches
 * the result (even a failed lookup), so the daemon that answered the ping is written there before
 * its first use, and a later request for another daemon is refused instead of silently ignored.
 * Ryuk is off by default because its image cannot always be pulled; the exit guard removes
 * containers instead. With a local socket, published ports are on localhost, even inside a
 * container (/.dockerenv), where testcontainers would otherwise guess the bridge gateway.
 */
function bindTestcontainers(host: string, env: ProvisionContext['env']): void {
  if (boundHost && boundHost !== host) {
    throw new ProvisionError(
      `container: testcontainers already uses ${boundHost} in this process, cannot switch to ${host}`,
      'use one DOCKER_HOST per process',
    )
  }
  if (boundHost) return
  boundHost = host
  process.env.DOCKER_HOST = host
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= env.TESTCONTAINERS_RYUK_DISABLED ?? 'true'
  const hostOverride =
    env.TESTCONTAINERS_HOST_OVERRIDE ?? (host.startsWith('unix://') ? 'localhost' : undefined)
  if (hostOverride) process.env.TESTCONTAINERS_HOST_OVERRIDE ??= hostOverride
}

async function startContainer(host: string, ctx: ProvisionContext): Promise<ProvisionedDatabase> {
  const image = ctx.env.ZAVA_PG_IMAGE || defaultImage
  bindTestcontainers(host, ctx.env)
  ctx.log(`container: starting ${image} on ${host}`)
  // Loaded lazily: testcontainers is heavy and only this backend needs it.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql')

  let container: Awaited<ReturnType<InstanceType<typeof PostgreSqlContainer>['start']>>
  try {
    container = await new PostgreSqlContainer(image)
      .withDatabase('zava')
      .withUsername('zava')
      .withPassword('zava')
      .withLabels({ [containerLabel]: 'true', 'zava-mcp.pid': String(process.pid) })
      .withStartupTimeout(60_000)
      .start()
  } catch (err) {
    throw new ProvisionError(
      `container: could not start ${image} on ${host}: ${errorMessage(err)}`,
      `make sure the image exists locally or can be pulled (docker pull ${image}); without Docker Hub, ` +
        'build one with .ci/build-pg-image.sh and set ZAVA_PG_IMAGE=zava-mcp/pgvector:pg15',
      { cause: err },
    )
  }

  const id = container.getId()
  let removed = false
  const unguard = onExitCleanup(() => {
    removed = true
    removeContainerSync(host, id)
  })
  const address = `${container.getHost()}:${container.getPort()}`
  const url = container.getConnectionUri()
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      unguard()
      if (!removed) await container.stop()
    })()
    return stopping
  }

  const problem = await vectorProblem(url)
  if (problem) {
    await stop().catch(() => {})
    throw new ProvisionError(
      `container: CREATE EXTENSION vector fails in ${image}: ${problem}`,
      'use an image with pgvector installed, e.g. ZAVA_PG_IMAGE=pgvector/pgvector:pg17',
    )
  }

  return { backend: 'container', url, description: `container ${image} on ${address}`, stop }
}

/** Exit handlers must be synchronous: ask the docker CLI, else curl the API socket directly. */
function removeContainerSync(host: string, id: string): void {
  const env = { ...process.env, DOCKER_HOST: host }
  const docker = Bun.which('docker')
  if (docker) {
    Bun.spawnSync({
      cmd: [docker, 'rm', '-f', '-v', id],
      env,
      stdout: 'ignore',
      stderr: 'ignore',
      timeout: 10_000,
    })
    return
  }
  const curl = Bun.which('curl')
  if (curl && host.startsWith('unix://')) {
    Bun.spawnSync({
      cmd: [
        curl,
        '-sf',
        '-X',
        'DELETE',
        '--unix-socket',
        host.slice(7),
        `http://localhost/containers/${id}?force=true&v=true`,
      ],
      stdout: 'ignore',
      stderr: 'ignore',
      timeout: 10_000,
    })
  }
}
