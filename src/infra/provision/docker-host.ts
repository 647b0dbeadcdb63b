import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { errorMessage } from './errors.ts'
import type { Availability, ProvisionContext } from './types.ts'

const pingTimeoutMs = 1_000
const dockerHint =
  'start a Docker daemon (or set DOCKER_HOST to one that runs), or pick another backend: ' +
  'ZAVA_DB_BACKEND=local|embedded|url'

export type DockerFound = { ok: true; host: string } | Extract<Availability, { ok: false }>

/** The Docker daemon to use: DOCKER_HOST, else the usual sockets; each must answer within a second. */
export async function findDocker(env: ProvisionContext['env']): Promise<DockerFound> {
  const candidates = env.DOCKER_HOST
    ? [env.DOCKER_HOST]
    : defaultSockets(env).filter((path) => existsSync(path))
  if (candidates.length === 0) {
    return {
      ok: false,
      missing: 'no Docker daemon: DOCKER_HOST is not set and no Docker socket exists (/var/run/docker.sock)',
      hint: dockerHint,
    }
  }
  const failures: string[] = []
  for (const candidate of candidates) {
    const host = candidate.includes('://') ? candidate : `unix://${candidate}`
    const problem = await pingDocker(host, env)
    if (!problem) return { ok: true, host }
    failures.push(`${host}: ${problem}`)
  }
  return {
    ok: false,
    missing: `no reachable Docker daemon (${failures.join('; ')})`,
    hint: dockerHint,
  }
}

function defaultSockets(env: ProvisionContext['env']): string[] {
  const home = env.HOME ?? ''
  return [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'docker.sock') : '',
    home && join(home, '.docker', 'run', 'docker.sock'),
    home && join(home, '.docker', 'desktop', 'docker.sock'),
    home && join(home, '.colima', 'default', 'docker.sock'),
  ].filter(Boolean)
}

/** Returns why the daemon at `host` is unusable, or undefined when it answers. */
async function pingDocker(host: string, env: ProvisionContext['env']): Promise<string | undefined> {
  try {
    const signal = AbortSignal.timeout(pingTimeoutMs)
    if (host.startsWith('unix://')) {
      const response = await fetch('http://localhost/_ping', { unix: host.slice('unix://'.length), signal })
      return response.ok ? undefined : `/_ping answered HTTP ${response.status}`
    }
    if (!host.startsWith('tcp://')) return 'unsupported DOCKER_HOST scheme (expected unix:// or tcp://)'
    const { hostname, port } = new URL(host)
    if (env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH) {
      // With TLS the daemon wants client certificates even for /_ping: a TCP connect has to do.
      await tcpReachable(hostname, Number(port || 2376))
      return undefined
    }
    const response = await fetch(`http://${hostname}:${port || 2375}/_ping`, { signal })
    return response.ok ? undefined : `/_ping answered HTTP ${response.status}`
  } catch (err) {
    return err instanceof Error && err.name === 'TimeoutError'
      ? `no answer within ${pingTimeoutMs} ms`
      : errorMessage(err)
  }
}

function tcpReachable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))
    }, pingTimeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.destroy()
      resolve()
    })
    socket.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
}
