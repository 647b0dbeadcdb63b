import { describe, expect, it } from 'bun:test'
import { contentHash, embeddingText } from '../../../src/service/product-embedding.ts'

const drill = {
  name: 'Voltrex 18V Cordless Drill Driver',
  brand: 'Voltrex',
  productType: 'Cordless Drills',
  category: 'Power Tools',
  description: 'A light drill driver for shelves and flat-pack furniture.',
}

describe('the text a product is embedded from', () => {
  it('holds the name, the type and category, and the description', () => {
    expect(embeddingText(drill)).toBe(
      'Voltrex 18V Cordless Drill Driver. Cordless Drills (Power Tools). A light drill driver for shelves and flat-pack furniture.',
    )
  })

  it('hashes to the same sha256 while the text is unchanged, and to another when any part changes', () => {
    const hash = contentHash(embeddingText(drill))
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(contentHash(embeddingText({ ...drill }))).toBe(hash)
    expect(
      contentHash(embeddingText({ ...drill, description: `${drill.description} Two batteries.` })),
    ).not.toBe(hash)
    expect(contentHash(embeddingText({ ...drill, category: 'Tools' }))).not.toBe(hash)
  })
})
