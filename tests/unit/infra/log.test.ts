import { describe, expect, it } from 'bun:test'
import { Writable } from 'node:stream'
import { createLogger, scrubUrls } from '../../../src/infra/log.ts'

function capture() {
  let text = ''
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  return { log: createLogger('debug', sink), text: () => text }
}

describe('logs', () => {
  const secret = 's3cr3t-pa55'
  const url = `postgres://zava_app:${secret}@db.internal:5432/zava`

  it('cut credentials out of URLs in messages, error messages and stacks', () => {
    const { log, text } = capture()
    log.error({ err: new Error(`cannot reach ${url}`) }, `failed to open ${url}`)
    log.warn({ err: `redis://:${secret}@cache:6379 refused` }, 'cache down')
    expect(text()).not.toContain(secret)
    expect(text()).toContain('postgres://[redacted]@db.internal:5432/zava')
    for (const line of text().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
  })

  it('redact secret fields wherever they sit', () => {
    const { log, text } = capture()
    log.info(
      { DATABASE_URL: url, config: { REDIS_URL: url, password: secret }, params: [secret], token: secret },
      'settings',
    )
    expect(text()).not.toContain(secret)
    expect(text()).toContain('[redacted]')
  })

  it('leave texts without URLs alone', () => {
    expect(scrubUrls('a plain message')).toBe('a plain message')
    expect(scrubUrls('http://127.0.0.1:9464/metrics')).toBe('http://127.0.0.1:9464/metrics')
  })
})
