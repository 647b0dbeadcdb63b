import { buildingMaterials, doorsWindows, flooring, paintDecorating } from './decorating.ts'
import { electrical, heatingCooling, lighting, smartHome } from './electrical.ts'
import { bathroom, cleaning, kitchen, plumbing } from './home.ts'
import { automotive, garden, outdoor, storage } from './outdoor.ts'
import { handTools, hardwareFixings, powerTools, safetyWorkwear } from './tools.ts'
import type { CategorySpec } from './types.ts'

export type { AttrValue, CategoryMix, CategorySpec, Quantity, Season, TypeSpec } from './types.ts'

/** The catalogue of a DIY / home-improvement retailer: 20 categories, in load order. */
export const CATEGORIES: readonly CategorySpec[] = [
  powerTools,
  handTools,
  electrical,
  plumbing,
  lighting,
  paintDecorating,
  garden,
  outdoor,
  storage,
  hardwareFixings,
  flooring,
  kitchen,
  bathroom,
  heatingCooling,
  safetyWorkwear,
  buildingMaterials,
  doorsWindows,
  cleaning,
  automotive,
  smartHome,
]
