import { createHash } from 'node:crypto'
import type { Embedder } from '../../src/infra/embeddings/embedder.ts'

/**
 * A deterministic stand-in for an embedding model: the vector of a text is derived from its
 * sha256, so equal texts get equal vectors and nothing loads. Counts what it embeds; can fail
 * after a number of calls (an interrupted run) or wait for a gate (a run in progress).
 */
export class FakeEmbedder implements Embedder {
  readonly embedded: string[] = []
  calls = 0

  constructor(
    readonly model = 'fake-16',
    readonly dimensions = 16,
    readonly options: { failOnCall?: number; gate?: Promise<void> } = {},
  ) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    this.calls++
    if (this.options.failOnCall === this.calls) throw new Error(`embedder failed on call ${this.calls}`)
    await this.options.gate
    this.embedded.push(...texts)
    return texts.map((text) => {
      const bytes = createHash('sha256').update(text).digest()
      const raw = Array.from({ length: this.dimensions }, (_, i) => bytes[i % bytes.length]! - 127.5)
      const norm = Math.hypot(...raw)
      return raw.map((x) => x / norm)
    })
  }
}
