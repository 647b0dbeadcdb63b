/** How sales of a product type vary over the year (a monthly profile, see seasons.ts). */
export type Season =
  | 'flat'
  | 'diy'
  | 'spring'
  | 'garden'
  | 'outdoor'
  | 'heating'
  | 'cooling'
  | 'winter'
  | 'festive'

/** How many units one order line usually holds. */
export type Quantity = 'single' | 'few' | 'multi' | 'bulk'

/** An attribute value, optionally with a price multiplier: `['20V Max', 1.15]`. */
export type AttrValue = string | readonly [string, number]

/**
 * One product type and the templates its products are composed from. `{name}` placeholders in
 * `title` and `lead` are filled with one value of the attribute of that name, the same value in
 * both, so a product's name and description agree.
 */
export interface TypeSpec {
  /** product_types.name, plural: 'Cordless Drills'. */
  name: string
  /** Three letters, unique in the catalogue: the middle of the SKU. */
  code: string
  /** Typical shelf price range in dollars, before attribute and brand multipliers. */
  price: readonly [number, number]
  /** Product name after the brand: '{volt} Cordless Drill Driver'. */
  title: string
  attrs: Readonly<Record<string, readonly AttrValue[]>>
  /** First sentence of the description, one picked per product. */
  lead: readonly string[]
  /** Everyday uses, in the words a customer would use ('hanging shelves'); 2–3 are picked. */
  uses: readonly string[]
  /** Optional closing sentences (features, what is in the box). */
  extras?: readonly string[]
  /** Relative sales rate within the catalogue (default 1). */
  demand?: number
  season?: Season
  quantity?: Quantity
}

/** Store formats differ in what they sell: a multiplier of the category's share per format. */
export interface CategoryMix {
  urban: number
  suburban: number
  rural: number
  online: number
}

export interface CategorySpec {
  name: string
  /** Two letters: the start of the SKU. */
  code: string
  /** Gross margin range (1 − cost / price) typical of the category. */
  margin: readonly [number, number]
  /** Brands with their price multiplier (own label cheaper, premium dearer). */
  brands: readonly (readonly [string, number])[]
  /** Whether product names end in a model number ('DD18-204'). */
  models?: boolean
  season?: Season
  quantity?: Quantity
  mix: CategoryMix
  types: readonly TypeSpec[]
}
