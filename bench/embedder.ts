/**
 * The local embedder (Universal Sentence Encoder lite in its worker thread): load time and RSS,
 * a manager's question's latency (p50/p99, mitata), throughput on product descriptions for
 * several batch limits, the longest event-loop stall meanwhile, and a question's latency while
 * a bulk job runs. Run: `bun bench/embedder.ts` (about a minute on 2 cores).
 */
import { measure } from 'mitata'
import { planCatalogue } from '../src/data/seed/products.ts'
import type { BatchLimits } from '../src/infra/embeddings/batches.ts'
import { LOCAL_BATCHES, LocalEmbedder } from '../src/infra/embeddings/local.ts'

const BULK_TEXTS = 192
const QUESTIONS = [
  'cordless drill',
  'which paint is best for a bathroom ceiling?',
  'tool to make holes in wood',
  'something to seal a leaking shower tray',
  'garden hose with a reel',
  'outdoor lights for a stone wall',
  'how do I fix a squeaky door hinge',
  'weatherproof wood stain for decking',
]
const BATCH_LIMITS: BatchLimits[] = [
  { maxTexts: 1, maxChars: Number.POSITIVE_INFINITY },
  { maxTexts: 32, maxChars: 500 },
  LOCAL_BATCHES,
  { maxTexts: 32, maxChars: 2000 },
  { maxTexts: 64, maxChars: 4000 },
]

const mib = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`
const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`

/** Runs `work` while a 5 ms timer measures how long the event loop is kept from it. */
async function withStallMeter<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number }> {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last - 5)
    last = now
  }, 5)
  try {
    return { result: await work(), longestStallMs: longest }
  } finally {
    clearInterval(timer)
  }
}

const catalogue = planCatalogue(42, BULK_TEXTS).products
const corpora = {
  'product names': catalogue.map((product) => product.name),
  'names + descriptions': catalogue.map((product) => `${product.name}. ${product.description}`),
}
const meanChars = (texts: string[]) =>
  (texts.reduce((sum, text) => sum + text.length, 0) / texts.length).toFixed(0)

console.log(`RSS before load: ${mib()}`)
const embedder = new LocalEmbedder()
const started = performance.now()
const workerLoadMs = await embedder.load()
console.log(
  `Load: ${(performance.now() - started).toFixed(0)} ms until ready (model ${workerLoadMs.toFixed(0)} ms in the worker); RSS after load: ${mib()}`,
)
await embedder.embed(QUESTIONS) // warm-up

let next = 0
const single = await measure(
  async () => {
    await embedder.embed([QUESTIONS[next++ % QUESTIONS.length]!])
  },
  { min_samples: 300, max_samples: 300 },
)
console.log(
  `One question (${single.samples.length} samples): p50 ${ms(single.p50)}, p99 ${ms(single.p99)}, min ${ms(single.min)}, max ${ms(single.max)}`,
)

for (const [corpus, texts] of Object.entries(corpora)) {
  console.log(`\nBulk: ${texts.length} ${corpus} (mean ${meanChars(texts)} characters)`)
  console.log('batch limits                     throughput     longest stall  RSS after')
  for (const batches of BATCH_LIMITS) {
    const bulk = new LocalEmbedder({ batches })
    const begun = performance.now()
    const { longestStallMs } = await withStallMeter(() => bulk.embed(texts))
    const seconds = (performance.now() - begun) / 1000
    await bulk.close()
    const label = `${batches.maxTexts} texts / ${batches.maxChars} chars${batches === LOCAL_BATCHES ? ' (default)' : ''}`
    const throughput = `${(texts.length / seconds).toFixed(1)} texts/s`
    console.log(
      `${label.padEnd(33)}${throughput.padEnd(15)}${`${longestStallMs.toFixed(0)} ms`.padEnd(15)}${mib()}`,
    )
  }
}

const bulkJob = embedder.embed(corpora['names + descriptions'])
await Bun.sleep(50)
const asked = performance.now()
await embedder.embed(['cordless drill'])
const waitedMs = performance.now() - asked
await bulkJob
console.log(`\nA question during the bulk job (default batches): answered in ${waitedMs.toFixed(0)} ms`)
console.log(`RSS at the end: ${mib()}`)
await embedder.close()
