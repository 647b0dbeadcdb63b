import { afterEach, describe, expect, it } from 'bun:test'
import { blockRemoteFetch } from '../../../../src/infra/embeddings/offline.ts'
import { loadUseLite, USE_LITE_DIMENSIONS } from '../../../../src/infra/embeddings/use-lite.ts'

const originalFetch = globalThis.fetch
afterEach(() => {
  globalThis.fetch = originalFetch
})

describe('the local model offline', () => {
  it('loads from the files shipped in the npm package, with every non-file fetch refused', async () => {
    const remote: string[] = []
    globalThis.fetch = Object.assign(
      (input: string | URL | Request, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        if (url.startsWith('file:')) return originalFetch(input, init)
        remote.push(url)
        return Promise.reject(new Error(`offline: ${url}`))
      },
      { preconnect: () => {} },
    ) as typeof fetch

    const model = await loadUseLite()
    const vectors = await model.embed(['cordless drill'])

    expect(remote).toEqual([])
    expect(vectors).toHaveLength(USE_LITE_DIMENSIONS)
  }, 60_000)

  it('refuses http(s) fetches once blocked, and restores fetch after', async () => {
    const restore = blockRemoteFetch()
    await expect(fetch('https://tfhub.dev/model.json')).rejects.toThrow('Network access blocked')
    await expect(fetch(new URL('http://127.0.0.1:9/'))).rejects.toThrow('Network access blocked')
    expect(await (await fetch(new URL('../../../../package.json', import.meta.url))).json()).toHaveProperty(
      'name',
    )
    restore()
    expect(globalThis.fetch).toBe(originalFetch)
  })
})
