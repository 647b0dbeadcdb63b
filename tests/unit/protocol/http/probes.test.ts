import { describe, expect, it } from 'bun:test'
import type { Embedder } from '../../../../src/infra/embeddings/embedder.ts'
import { embedderProbe } from '../../../../src/protocol/http/probes.ts'

function fakeEmbedder(outcomes: ('ok' | 'fail')[]): Embedder & { calls: number } {
  const embedder = {
    model: 'fake',
    dimensions: 3,
    calls: 0,
    async embed(texts: readonly string[]) {
      const outcome = outcomes[embedder.calls++] ?? 'ok'
      if (outcome === 'fail') throw new Error('provider down at https://secret.example')
      return texts.map(() => [1, 0, 0])
    },
  }
  return embedder
}

describe('the embedder readiness probe', () => {
  it('is loading until the warm-up embedding succeeds, then loaded', async () => {
    const probe = embedderProbe(fakeEmbedder(['ok']))
    await Bun.sleep(0)
    expect(await probe.check()).toEqual({ embedder: { ok: true, state: 'loaded' } })
  })

  it('reports a failed warm-up without its error and retries it after a while', async () => {
    let now = 0
    const embedder = fakeEmbedder(['fail', 'ok'])
    const probe = embedderProbe(embedder, 30_000, () => now)
    await Bun.sleep(0)
    expect(await probe.check()).toEqual({ embedder: { ok: false, state: 'failed' } })
    expect(embedder.calls).toBe(1)
    now += 30_000
    expect((await probe.check()).embedder!.state).toBe('loading')
    await Bun.sleep(0)
    expect(await probe.check()).toEqual({ embedder: { ok: true, state: 'loaded' } })
    expect(embedder.calls).toBe(2)
  })
})
