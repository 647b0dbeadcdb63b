import { LocalEmbedder } from '../../src/infra/embeddings/local.ts'
import { embedProducts } from '../../src/service/product-embedding.ts'
import { getRetailDatabase, type RetailDatabase } from './retail-database.ts'

let shared: Promise<{ rdb: RetailDatabase; embedder: LocalEmbedder }> | undefined

/**
 * The shared test database with its catalogue embedded by the offline model (about 15 s for the
 * test scale's 300 products), once per `bun test` process. Later runs of `zava-mcp embed` on it
 * find nothing to do.
 */
export function getSearchDatabase(): Promise<{ rdb: RetailDatabase; embedder: LocalEmbedder }> {
  shared ??= (async () => {
    const rdb = await getRetailDatabase()
    const embedder = new LocalEmbedder()
    await embedProducts(rdb.admin, embedder)
    return { rdb, embedder }
  })()
  return shared
}
