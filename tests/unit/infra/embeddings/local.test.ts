import { afterAll, describe, expect, it } from 'bun:test'
import { ValidationError } from '../../../../src/errors.ts'
import { createEmbedder } from '../../../../src/infra/embeddings/embedder.ts'
import { LocalEmbedder } from '../../../../src/infra/embeddings/local.ts'

const BOUND = 60_000 // ms: loading the model takes well under a second; a slow CI machine gets room
const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0)

describe('LocalEmbedder (Universal Sentence Encoder lite)', () => {
  const embedder = new LocalEmbedder()
  afterAll(() => embedder.close())

  it(
    'embeds texts into 512-d unit vectors, one per text',
    async () => {
      const vectors = await embedder.embed([
        'cordless drill',
        'exterior wood stain, 5 litres',
        'garden hose reel',
      ])
      expect(embedder.model).toBe('use-lite-512')
      expect(vectors).toHaveLength(3)
      for (const vector of vectors) {
        expect(vector).toHaveLength(512)
        expect(Math.hypot(...vector)).toBeCloseTo(1, 12)
      }
    },
    BOUND,
  )

  it(
    'puts "cordless drill" closer to "battery powered drill driver" than to "garden hose"',
    async () => {
      const [drill, driver, hose] = await embedder.embed([
        'cordless drill',
        'battery powered drill driver',
        'garden hose',
      ])
      expect(dot(drill!, driver!)).toBeGreaterThan(dot(drill!, hose!) + 0.1)
    },
    BOUND,
  )

  it(
    'gives the same vector for the same text, and within float32 rounding of it in any batch',
    async () => {
      const [alone] = await embedder.embed(['paint roller tray'])
      const [again] = await embedder.embed(['paint roller tray'])
      const batched = await embedder.embed(['ladder', 'paint roller tray', 'tile grout, grey, 5 kg'])
      expect(again).toEqual(alone!)
      // Padding to the batch's longest text changes float32 rounding, by ~1e-7.
      expect(Math.max(...alone!.map((value, i) => Math.abs(value - batched[1]![i]!)))).toBeLessThan(1e-5)
    },
    BOUND,
  )

  it('returns [] for no texts', async () => {
    expect(await embedder.embed([])).toEqual([])
  })

  it('gives VALIDATION_ERROR for an empty text', async () => {
    await expect(embedder.embed(['drill', ''])).rejects.toBeInstanceOf(ValidationError)
  })

  it(
    'answers a question between the batches of a bulk job rather than after it',
    async () => {
      const bulk = Array.from(
        { length: 60 },
        (_, i) => `Heavy duty steel shelving unit with five adjustable shelves ${i}`,
      )
      const finished: string[] = []
      const job = embedder.embed(bulk).then(() => finished.push('bulk'))
      await Bun.sleep(1)
      await embedder.embed(['where are the cordless drills']).then(() => finished.push('question'))
      await job
      expect(finished).toEqual(['question', 'bulk'])
    },
    BOUND,
  )

  it(
    'keeps the event loop free while the model works',
    async () => {
      const bulk = Array.from(
        { length: 48 },
        (_, i) => `Exterior wood stain for decks and fences, satin finish ${i}`,
      )
      let last = performance.now()
      let longestGap = 0
      const ticker = setInterval(() => {
        const now = performance.now()
        longestGap = Math.max(longestGap, now - last)
        last = now
      }, 5)
      const started = performance.now()
      await embedder.embed(bulk)
      const took = performance.now() - started
      clearInterval(ticker)
      // The work takes ~1 s; on the event loop a single batch would stall it for ~0.4 s.
      expect(longestGap).toBeLessThan(Math.min(250, took / 2))
    },
    BOUND,
  )

  it(
    'rejects with the abort reason when the caller aborts',
    async () => {
      const controller = new AbortController()
      const bulk = Array.from({ length: 40 }, (_, i) => `Aluminium step ladder with tool tray ${i}`)
      const job = embedder.embed(bulk, { signal: controller.signal })
      controller.abort(new Error('caller gave up'))
      await expect(job).rejects.toThrow('caller gave up')
    },
    BOUND,
  )
})

describe('createEmbedder for the local provider', () => {
  it(
    'gives an embedder sharing the one loaded model',
    async () => {
      const first = await createEmbedder({ provider: 'local' })
      const second = await createEmbedder({ provider: 'local' })
      const [a] = (await first?.embed(['claw hammer'])) ?? []
      await first?.close?.()
      const [b] = (await second?.embed(['claw hammer'])) ?? []
      await second?.close?.()
      expect(a).toHaveLength(512)
      expect(b).toEqual(a!)
    },
    BOUND,
  )
})
