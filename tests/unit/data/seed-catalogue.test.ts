import { describe, expect, it } from 'bun:test'
import { CATEGORIES } from '../../../src/data/seed/catalogue/index.ts'
import { planCatalogue, pricePoint } from '../../../src/data/seed/products.ts'

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)

describe('catalogue specification', () => {
  it('has the 20 categories of a DIY retailer, each with several product types', () => {
    expect(CATEGORIES).toHaveLength(20)
    for (const category of CATEGORIES) expect(category.types.length).toBeGreaterThanOrEqual(5)
    expect(CATEGORIES.map((c) => c.name)).toContain('Paint & Decorating')
  })

  it('uses unique category and type codes, so SKUs cannot collide', () => {
    const categoryCodes = CATEGORIES.map((c) => c.code)
    const typeCodes = CATEGORIES.flatMap((c) => c.types.map((t) => t.code))
    expect(new Set(categoryCodes).size).toBe(categoryCodes.length)
    expect(new Set(typeCodes).size).toBe(typeCodes.length)
    for (const code of typeCodes) expect(code).toMatch(/^[A-Z]{3}$/)
  })

  it('fills every placeholder of every title and lead from the type’s attributes', () => {
    for (const category of CATEGORIES) {
      for (const type of category.types) {
        for (const template of [type.title, ...type.lead]) {
          for (const key of placeholders(template)) expect(Object.keys(type.attrs)).toContain(key)
        }
      }
    }
  })

  it('gives sensible price ranges, margins and at least two uses per type', () => {
    for (const category of CATEGORIES) {
      const [lo, hi] = category.margin
      expect(lo).toBeGreaterThan(0)
      expect(hi).toBeLessThan(0.8)
      expect(lo).toBeLessThan(hi)
      for (const type of category.types) {
        expect(type.price[0]).toBeGreaterThan(0)
        expect(type.price[0]).toBeLessThan(type.price[1])
        expect(type.uses.length).toBeGreaterThanOrEqual(2)
      }
    }
  })
})

describe('planCatalogue', () => {
  const catalogue = planCatalogue(42, 2000)

  it('makes exactly the requested number of products, at least two per type', () => {
    expect(catalogue.products).toHaveLength(2000)
    const perType = new Map<number, number>()
    for (const p of catalogue.products) perType.set(p.typeIndex, (perType.get(p.typeIndex) ?? 0) + 1)
    expect(perType.size).toBe(catalogue.types.length)
    for (const n of perType.values()) expect(n).toBeGreaterThanOrEqual(2)
    expect(planCatalogue(42, 300).products).toHaveLength(300)
  })

  it('writes descriptions of one to three sentences that differ between types', () => {
    for (const p of catalogue.products) {
      const sentences = p.description.split(/(?<=[.!?])\s+(?=[A-Z])/)
      expect(sentences.length).toBeGreaterThanOrEqual(1)
      expect(sentences.length).toBeLessThanOrEqual(3)
      expect(p.description).not.toMatch(/\{|\}|\s{2}|\s[,.]/)
      expect(p.name.length).toBeLessThanOrEqual(200)
    }
    const leadOf = (typeName: string) =>
      catalogue.products.find((p) => catalogue.types[p.typeIndex]!.name === typeName)!.description
    expect(leadOf('Tap Washers & Repair Kits')).toMatch(/drip/i)
    expect(leadOf('Junction Boxes & Enclosures')).toMatch(/connections/i)
  })

  it('keeps cost below price with the category margin, at retail price points', () => {
    for (const p of catalogue.products) {
      const [lo, hi] = CATEGORIES[p.categoryIndex]!.margin
      const margin = 1 - p.costCents / p.priceCents
      expect(margin).toBeGreaterThanOrEqual(lo - 0.01)
      expect(margin).toBeLessThanOrEqual(hi + 0.06)
      expect(p.priceCents % 100 === 99 || p.priceCents % 100 === 49).toBe(true)
    }
  })
})

describe('pricePoint', () => {
  it.each([
    [3.2, 349],
    [3.7, 399],
    [0.3, 149],
    [24.3, 2499],
    [101, 10499],
    [1234, 123999],
  ])('turns $%d into %d cents', (dollars, cents) => {
    expect(pricePoint(dollars)).toBe(cents)
  })
})
