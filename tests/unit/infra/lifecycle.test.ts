import { describe, expect, it } from 'bun:test'
import { Writable } from 'node:stream'
import { ConfigurationError } from '../../../src/errors.ts'
import { Lifecycle, StartupError } from '../../../src/infra/lifecycle.ts'
import { createLogger } from '../../../src/infra/log.ts'

function logged() {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { log: createLogger('info', sink), lines }
}

describe('lifecycle', () => {
  it('logs each start-up step with its duration and names the step that failed', async () => {
    const { log, lines } = logged()
    const life = new Lifecycle(log, { shutdownTimeoutMs: 1_000 })
    expect(await life.step('database', async () => 42)).toBe(42)
    const err = await life
      .step('migrations', async () => {
        throw new ConfigurationError('The database is missing migrations: 006.', 'Run migrate.')
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StartupError)
    expect((err as StartupError).step).toBe('migrations')
    expect((err as StartupError).message).toBe(
      'start-up failed at migrations: The database is missing migrations: 006. Run migrate.',
    )
    expect(lines.find((l) => l.step === 'database')).toMatchObject({ ms: expect.any(Number) })
  })

  it('lets a call in flight finish, refuses new calls, then closes in reverse order', async () => {
    const { log } = logged()
    const life = new Lifecycle(log, { shutdownTimeoutMs: 2_000 })
    const closed: string[] = []
    life.onStop('database', () => void closed.push('database'))
    life.onStop('transport', () => void closed.push('transport'))
    life.ready()
    const inFlight = life.run(async () => {
      await Bun.sleep(100)
      return 'done'
    })
    const stopping = life.shutdown('SIGTERM')
    await expect(life.run(async () => 'late')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(await inFlight).toBe('done')
    expect(await stopping).toBe(0)
    expect(closed).toEqual(['transport', 'database'])
    expect(life.state).toBe('stopped')
  })

  it('answers a call still running at the deadline with SERVICE_UNAVAILABLE and stops within the timeout', async () => {
    const { log } = logged()
    const life = new Lifecycle(log, { shutdownTimeoutMs: 400 })
    let stopped = false
    life.onStop('pool', async () => {
      await Bun.sleep(10_000) // a close that hangs is cut off too
      stopped = true
    })
    life.ready()
    const stuck = life.run(() => Bun.sleep(5_000).then(() => 'too late'))
    const started = performance.now()
    const code = await life.shutdown('SIGTERM')
    const elapsed = performance.now() - started
    await expect(stuck).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true })
    expect(code).toBe(0)
    expect(stopped).toBe(false)
    expect(elapsed).toBeLessThan(700)
  })

  it('shuts down once, however often asked', async () => {
    const { log } = logged()
    const life = new Lifecycle(log, { shutdownTimeoutMs: 500 })
    let closes = 0
    life.onStop('x', () => void closes++)
    await Promise.all([life.shutdown('a'), life.shutdown('b')])
    expect(closes).toBe(1)
  })
})
