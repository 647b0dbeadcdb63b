/** Messages between `LocalEmbedder` and its model worker (local-worker.ts). */
export type ToWorker = { type: 'embed'; id: number; texts: string[] }

export type FromWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'embedded'; id: number; vectors: Float32Array }
  | { type: 'failed'; id: number; message: string }
