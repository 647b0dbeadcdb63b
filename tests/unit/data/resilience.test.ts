import { describe, expect, it } from 'bun:test'
import { PoolExhaustedError, toDataError } from '../../../src/data/errors.ts'
import {
  CircuitOpenError,
  createResilience,
  isRetryable,
  type ResilienceOptions,
} from '../../../src/data/resilience.ts'
import { AuthorizationError, ValidationError } from '../../../src/errors.ts'

const pgError = (code: string, message = `pg ${code}`) => Object.assign(new Error(message), { code })
/** As `withTenant` throws them: driver errors mapped to typed ones. */
const typed = (code: string) => toDataError(pgError(code))

const FAST: ResilienceOptions = {
  maxAttempts: 3,
  initialDelayMs: 1,
  maxDelayMs: 5,
  budgetMs: 1_000,
  breakerThreshold: 3,
  halfOpenAfterMs: 100,
}

function failing(errors: unknown[], value = 'ok') {
  let calls = 0
  const fn = async () => {
    const err = errors[calls++]
    if (err) throw err
    return value
  }
  return { fn, calls: () => calls }
}

describe('resilience', () => {
  it('retries a transaction that failed transiently and returns its second result', async () => {
    const retries: string[] = []
    const resilience = createResilience(FAST, { onRetry: (e) => retries.push(e.reason) })
    const attempt = failing([typed('57P01')])
    expect(await resilience.run(attempt.fn)).toBe('ok')
    expect(attempt.calls()).toBe(2)
    expect(retries).toEqual(['server_shutdown'])
  })

  it('retries connection refused, connection lost, serialization failures and deadlocks', () => {
    for (const err of [
      toDataError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
      toDataError(new Error('Connection terminated unexpectedly')),
      typed('08006'),
      typed('40001'),
      typed('40P01'),
    ]) {
      expect(isRetryable(err)).toBe(true)
    }
  })

  it('never retries a statement timeout, bad SQL, validation, authorization or an exhausted pool', async () => {
    for (const err of [
      typed('57014'),
      typed('42703'),
      new ValidationError('bad'),
      new AuthorizationError('no'),
      new PoolExhaustedError(100),
    ]) {
      const attempt = failing([err, err, err])
      await expect(createResilience(FAST).run(attempt.fn)).rejects.toBe(err)
      expect(attempt.calls()).toBe(1)
    }
    expect(typed('57014').code).toBe('QUERY_TIMEOUT')
  })

  it('stops after maxAttempts and gives the last typed error', async () => {
    const err = typed('40001')
    const attempt = failing([err, err, err, err, err])
    await expect(createResilience(FAST).run(attempt.fn)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    })
    expect(attempt.calls()).toBe(3)
  })

  it('starts no retry once the time budget is spent', async () => {
    const resilience = createResilience({
      ...FAST,
      maxAttempts: 10,
      initialDelayMs: 40,
      maxDelayMs: 40,
      budgetMs: 100,
    })
    const err = typed('40001')
    const attempt = failing(Array(10).fill(err))
    const started = performance.now()
    await expect(resilience.run(attempt.fn)).rejects.toBe(err)
    expect(performance.now() - started).toBeLessThan(300)
    expect(attempt.calls()).toBeLessThan(10)
  })

  it('does not retry writes (retry: false) but still counts them for the circuit', async () => {
    const attempt = failing([typed('08006')])
    await expect(createResilience(FAST).run(attempt.fn, { retry: false })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    })
    expect(attempt.calls()).toBe(1)
  })

  it('opens the circuit after consecutive outages, fails fast while open, and closes after a good probe', async () => {
    const states: string[] = []
    const resilience = createResilience({ ...FAST, maxAttempts: 1 }, { onCircuit: (s) => states.push(s) })
    const down = typed('08006')
    for (let i = 0; i < FAST.breakerThreshold; i++) {
      await expect(resilience.run(async () => Promise.reject(down))).rejects.toBe(down)
    }
    expect(resilience.circuit).toBe('open')
    let called = false
    const started = performance.now()
    const err = await resilience
      .run(async () => {
        called = true
        return 'never'
      })
      .catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(20)
    expect(called).toBe(false)
    expect(err).toBeInstanceOf(CircuitOpenError)
    expect((err as CircuitOpenError).code).toBe('SERVICE_UNAVAILABLE')
    await Bun.sleep(FAST.halfOpenAfterMs + 20)
    expect(await resilience.run(async () => 'back')).toBe('back')
    expect(resilience.circuit).toBe('closed')
    expect(states).toEqual(['open', 'half_open', 'closed'])
  })

  it('does not open the circuit for serialization failures or caller errors', async () => {
    const resilience = createResilience({ ...FAST, maxAttempts: 1 })
    for (let i = 0; i < 10; i++) {
      await resilience.run(async () => Promise.reject(typed('40001'))).catch(() => {})
      await resilience.run(async () => Promise.reject(new ValidationError('x'))).catch(() => {})
      await resilience.run(async () => Promise.reject(new PoolExhaustedError(1))).catch(() => {})
    }
    expect(resilience.circuit).toBe('closed')
  })
})
