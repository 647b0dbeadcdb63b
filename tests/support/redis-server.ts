import { freePort } from '../../src/infra/provision/ports.ts'

export interface RedisServer {
  url: string
  port: number
  /** Stops the server (SIGTERM, then SIGKILL after a second); idempotent. */
  stop(): Promise<void>
}

/** Whether a `redis-server` binary is on PATH (CI installs it; see .ci/run). */
export const redisAvailable = () => Bun.which('redis-server') !== null

/**
 * A throwaway Redis on loopback: no persistence, stopped by its pid. Resolves once it answers PING.
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const proc = Bun.spawn(
    ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdout: 'ignore', stderr: 'pipe' },
  )
  const deadline = performance.now() + 5_000
  while (performance.now() < deadline) {
    try {
      const socket = await Bun.connect({
        hostname: '127.0.0.1',
        port,
        socket: { data() {}, open() {}, error() {} },
      })
      socket.end()
      break
    } catch {
      await Bun.sleep(25)
    }
  }
  let stopping: Promise<void> | undefined
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        proc.kill('SIGTERM')
        const killer = setTimeout(() => proc.kill('SIGKILL'), 1_000)
        await proc.exited
        clearTimeout(killer)
      })()
      return stopping
    },
  }
}
