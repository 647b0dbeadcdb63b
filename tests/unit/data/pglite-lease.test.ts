import { describe, expect, it } from 'bun:test'
import type { PGlite } from '@electric-sql/pglite'
import { createPgliteDb } from '../../../src/data/db.ts'

// Leasing never touches the instance: a stand-in is enough.
const pglite = {} as PGlite

describe('PGlite leases', () => {
  it('are exclusive and handed out in order', async () => {
    const db = createPgliteDb(pglite, { closeOnEnd: false })
    const first = await db.acquire()
    const order: number[] = []
    const second = db.acquire().then((lease) => {
      order.push(2)
      return lease
    })
    await Bun.sleep(10)
    expect(order).toEqual([])
    expect(db.stats?.()).toEqual({ total: 1, idle: 0, waiting: 1 })
    first.release()
    ;(await second).release()
    expect(order).toEqual([2])
    expect(db.stats?.()).toEqual({ total: 1, idle: 1, waiting: 0 })
  })

  it('give SERVICE_UNAVAILABLE after the acquire timeout, and the queue goes on afterwards', async () => {
    const db = createPgliteDb(pglite, { closeOnEnd: false, acquireTimeoutMs: 50 })
    const held = await db.acquire()
    const started = performance.now()
    await expect(db.acquire()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(performance.now() - started).toBeLessThan(200)
    held.release()
    const next = await db.acquire()
    next.release()
    next.release() // twice is harmless
    const again = await db.acquire()
    again.release()
  })
})
