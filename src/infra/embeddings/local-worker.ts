/**
 * The local model's thread: loads the Universal Sentence Encoder lite once, then embeds one
 * batch per message. Embedding is CPU-bound and synchronous inside TensorFlow.js (a batch of 16
 * descriptions blocks for ~0.5 s), so it runs here, never on the server's event loop.
 */
import type { FromWorker, ToWorker } from './local-protocol.ts'
import { blockRemoteFetch } from './offline.ts'
import { loadUseLite } from './use-lite.ts'

declare const self: Worker

const reply = (message: FromWorker, transfer: Bun.Transferable[] = []) => self.postMessage(message, transfer)
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

blockRemoteFetch()
const started = performance.now()
const model = loadUseLite().then(
  (loaded) => {
    reply({ type: 'ready', loadMs: performance.now() - started })
    return loaded
  },
  (error: unknown) => {
    reply({ type: 'load-failed', message: messageOf(error) })
    return undefined
  },
)

// Batches arrive one at a time: the host sends the next only after this one's reply.
self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const { id, texts } = event.data
  try {
    const loaded = await model
    if (loaded === undefined) throw new Error('The model failed to load.')
    const vectors = await loaded.embed(texts)
    reply({ type: 'embedded', id, vectors }, [vectors.buffer])
  } catch (error) {
    reply({ type: 'failed', id, message: messageOf(error) })
  }
}
