import {
  type AttrValue,
  CATEGORIES,
  type CategorySpec,
  type Quantity,
  type Season,
  type TypeSpec,
} from './catalogue/index.ts'
import { apportion, Rng } from './random.ts'

export interface CategoryRow {
  id: string
  name: string
}

export interface TypeRow {
  id: string
  categoryIndex: number
  name: string
  season: Season
  quantity: Quantity
  demand: number
}

export interface ProductRow {
  id: string
  sku: string
  name: string
  brand: string
  description: string
  categoryIndex: number
  typeIndex: number
  priceCents: number
  costCents: number
  /** Relative sales rate within its type. */
  popularity: number
}

export interface CataloguePlan {
  categories: CategoryRow[]
  types: TypeRow[]
  products: ProductRow[]
}

const USE_FRAMES = [
  'Ideal for {}.',
  'Great for {}.',
  'Perfect for {}.',
  'A good choice for {}.',
  'Handy for {}.',
  'Made for {}.',
]
const GUARANTEES = ['1-year', '2-year', '3-year', '5-year']

/**
 * The catalogue: every category and type of CATEGORIES, and `count` products spread over the
 * types (at least 2 each). Each product is one distinct combination of brand and attribute
 * values of its type, so names do not repeat; its description is composed from the type's
 * sentences with the same attribute values.
 */
export function planCatalogue(seed: number, count: number): CataloguePlan {
  const rng = new Rng(seed, 'catalogue')
  const categories: CategoryRow[] = []
  const types: TypeRow[] = []
  const specs: { category: CategorySpec; type: TypeSpec; categoryIndex: number }[] = []
  CATEGORIES.forEach((category, categoryIndex) => {
    categories.push({ id: rng.uuid(), name: category.name })
    for (const type of category.types) {
      types.push({
        id: rng.uuid(),
        categoryIndex,
        name: type.name,
        season: type.season ?? category.season ?? 'flat',
        quantity: type.quantity ?? category.quantity ?? 'few',
        demand: type.demand ?? 1,
      })
      specs.push({ category, type, categoryIndex })
    }
  })

  const perType = apportion(
    count,
    specs.map(({ category, type }) => Math.sqrt(Math.min(30, combinations(category, type)))),
    2,
  )
  const products: ProductRow[] = []
  specs.forEach(({ category, type, categoryIndex }, typeIndex) => {
    const n = perType[typeIndex]!
    const total = combinations(category, type)
    const picks = pickDistinct(rng, total, n)
    const range = multiplierRange(type)
    let skuNumber = rng.int(1000, 4000)
    const skuStep = rng.int(1, 9)
    const made: ProductRow[] = []
    picks.forEach((combo, k) => {
      const { brand, brandFactor, values, factor } = decode(category, type, combo)
      const repeat = Math.floor(k / total)
      const title = fill(type.title, values)
      const model = category.models || repeat > 0 ? ` ${modelCode(brand, rng)}` : ''
      const name = tidy(category.models ? `${brand}${model} ${title}` : `${brand} ${title}${model}`)
      const position = range.max > range.min ? (factor - range.min) / (range.max - range.min) : rng.float()
      const shelf = type.price[0] + (type.price[1] - type.price[0]) * (0.85 * position + 0.15 * rng.float())
      const priceCents = pricePoint(shelf * brandFactor * (0.95 + 0.1 * rng.float()))
      const [lo, hi] = category.margin
      const margin = lo + (hi - lo) * rng.float() + (brandFactor < 0.85 ? 0.04 : 0)
      const costCents = Math.min(priceCents - 1, Math.max(1, Math.round(priceCents * (1 - margin))))
      skuNumber += skuStep
      made.push({
        id: rng.uuid(),
        sku: `${category.code}-${type.code}-${skuNumber}`,
        name,
        brand,
        description: describe(rng, type, values, brand),
        categoryIndex,
        typeIndex,
        priceCents,
        costCents,
        popularity: 0,
      })
    })
    // Within a type a few products sell most (a Zipf-like curve over a random ranking).
    rng.shuffled(made.map((_, i) => i)).forEach((i, rank) => {
      made[i]!.popularity = 1 / (rank + 1.5)
    })
    products.push(...made)
  })
  return { categories, types, products: rng.shuffled(products) }
}

function valueText(value: AttrValue): string {
  return typeof value === 'string' ? value : value[0]
}

function valueFactor(value: AttrValue): number {
  return typeof value === 'string' ? 1 : value[1]
}

function combinations(category: CategorySpec, type: TypeSpec): number {
  return Object.values(type.attrs).reduce((n, values) => n * values.length, category.brands.length)
}

/** `n` combination numbers from [0, total), distinct while they last, then repeating. */
function pickDistinct(rng: Rng, total: number, n: number): number[] {
  const all = rng.shuffled(Array.from({ length: total }, (_, i) => i))
  return Array.from({ length: n }, (_, k) => all[k % total]!)
}

/** Combination number → brand and one value per attribute (mixed radix, brand first). */
function decode(category: CategorySpec, type: TypeSpec, combo: number) {
  let rest = combo
  const [brand, brandFactor] = category.brands[rest % category.brands.length]!
  rest = Math.floor(rest / category.brands.length)
  const values: Record<string, string> = {}
  let factor = 1
  for (const [key, options] of Object.entries(type.attrs)) {
    const value = options[rest % options.length]!
    rest = Math.floor(rest / options.length)
    values[key] = valueText(value)
    factor *= valueFactor(value)
  }
  return { brand, brandFactor, values, factor }
}

/** The smallest and largest product of attribute multipliers over a type's combinations. */
function multiplierRange(type: TypeSpec): { min: number; max: number } {
  let min = 1
  let max = 1
  for (const options of Object.values(type.attrs)) {
    const factors = options.map(valueFactor)
    min *= Math.min(...factors)
    max *= Math.max(...factors)
  }
  return { min, max }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key]
    if (value === undefined)
      throw new Error(`catalogue template uses unknown attribute {${key}}: ${template}`)
    return value
  })
}

/** Collapses the gaps an empty attribute value leaves ('Battery , Pack' → 'Battery, Pack'). */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/ ,/g, ',').replace(/,\s*$/, '').trim()
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function describe(rng: Rng, type: TypeSpec, values: Record<string, string>, brand: string): string {
  const sentences = [capitalise(tidy(fill(rng.pick(type.lead), values)))]
  if (rng.chance(0.85)) {
    const uses = rng.shuffled(type.uses).slice(0, rng.int(2, 3))
    // 'or', not 'and': many uses have an 'and' of their own ('cutting and stripping wire').
    const list = uses.length === 2 ? uses.join(' or ') : `${uses[0]}, ${uses[1]} or ${uses[2]}`
    sentences.push(rng.pick(USE_FRAMES).replace('{}', list))
  }
  if (type.extras && rng.chance(0.5)) sentences.push(rng.pick(type.extras))
  else if (rng.chance(0.3)) sentences.push(`Backed by a ${rng.pick(GUARANTEES)} ${brand} guarantee.`)
  return sentences.join(' ')
}

/** 'VX-2041' from 'Voltrex' (the brand's initials, or its first two letters). */
function modelCode(brand: string, rng: Rng): string {
  const words = brand.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w))
  const initials = words.length > 1 ? words.map((w) => w[0]).join('') : brand.slice(0, 2)
  return `${initials.toUpperCase()}-${rng.int(100, 999)}${rng.pick(['', '', 'X', 'S', 'B'])}`
}

/**
 * Retail price points in cents: x.49 / x.99 under $10, x.99 under $100, then one cent under a
 * multiple of $5 (or $10 from $1,000).
 */
export function pricePoint(dollars: number): number {
  if (dollars < 10)
    return Math.max(1, Math.floor(dollars)) * 100 + (dollars - Math.floor(dollars) < 0.5 ? 49 : 99)
  if (dollars < 100) return Math.floor(dollars) * 100 + 99
  const step = dollars < 1000 ? 5 : 10
  return Math.ceil(dollars / step) * step * 100 - 1
}
