/**
 * Makes `fetch` refuse every URL but `file:` in this thread: the local model must never reach the
 * network (the embeddings package's default model source downloads from TF Hub). The model
 * worker calls it before loading anything, so a wrong model source fails loudly instead of
 * downloading 100 MB. Returns a function restoring the previous `fetch`.
 */
export function blockRemoteFetch(): () => void {
  const previous = globalThis.fetch
  const guarded = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith('file:')) {
      return Promise.reject(
        new Error(`Network access blocked: the local embedding model loads from disk only (${url}).`),
      )
    }
    return previous(input, init)
  }
  globalThis.fetch = Object.assign(guarded, { preconnect: () => {} }) as typeof fetch
  return () => {
    globalThis.fetch = previous
  }
}
