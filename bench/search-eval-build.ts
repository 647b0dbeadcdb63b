/**
 * Writes bench/search-eval.json: questions a store manager might ask, each with the products that
 * answer it in the demo catalogue at scale 1 (seed 42, 2,000 products). The answers come from the
 * catalogue generator's own data, by product type and by the attribute values that appear in the
 * product name, never from running a search. Run `bun bench/search-eval-build.ts` after a change to
 * the catalogue generator; bench/search-quality.ts reads the file.
 */
import { join } from 'node:path'
import { DEFAULT_SEED, seedSize } from '../src/data/seed/index.ts'
import { planCatalogue } from '../src/data/seed/products.ts'

type Kind = 'lexical' | 'semantic' | 'mixed'
/** Relevant: products of one of `types` whose name matches `name` (a case-insensitive regex), if given. */
type Criteria = { types: string[]; name?: string }
type Spec = [Kind, string, Criteria]

const SPECS: Spec[] = [
  // Lexical: the words of the catalogue.
  ['lexical', 'cordless drill 18V', { types: ['Cordless Drills', 'Hammer Drills'], name: '18V' }],
  ['lexical', 'E14 candle LED bulbs', { types: ['LED Light Bulbs'], name: 'E14 Candle' }],
  ['lexical', 'pressure washer with patio cleaner', { types: ['Pressure Washers'], name: 'Patio Cleaner' }],
  ['lexical', 'combination padlock', { types: ['Padlocks & Security'], name: 'Combination Padlock' }],
  ['lexical', 'PTFE thread seal tape', { types: ['Sealants & Tapes'], name: 'PTFE' }],
  ['lexical', 'masonry drill bit set', { types: ['Drill Bits & Accessories'], name: 'Masonry' }],
  ['lexical', 'steel toe safety boots size 10', { types: ['Safety Boots'], name: 'Steel Toe.*Size 10' }],
  [
    'lexical',
    'carbon monoxide alarm',
    { types: ['Smoke & CO Alarms'], name: 'Carbon Monoxide|Smoke and CO' },
  ],
  ['lexical', 'oil filled radiator with timer', { types: ['Oil-Filled Radiators'], name: 'Timer' }],
  ['lexical', 'peat-free compost', { types: ['Compost & Soil'], name: 'Peat-Free' }],
  ['lexical', 'grey oak laminate flooring', { types: ['Laminate Flooring'], name: 'Grey Oak' }],
  ['lexical', '1/2in drive socket set', { types: ['Socket Sets'], name: '1/2in Drive' }],
  ['lexical', '2K video doorbell', { types: ['Video Doorbells'], name: '2K' }],
  ['lexical', 'anti-mould grout', { types: ['Tile Adhesive & Grout'], name: 'Anti-Mould Grout' }],
  ['lexical', 'trolley jack 3 tonne', { types: ['Jacks & Axle Stands'], name: 'Trolley Jack 3 Tonne' }],
  ['lexical', 'blackout roller blind', { types: ['Blinds'], name: 'Blackout Roller' }],
  ['lexical', 'wood glue', { types: ['Adhesives & Glues'], name: 'Wood Glue' }],
  ['lexical', 'belfast kitchen sink', { types: ['Kitchen Sinks'], name: 'Belfast' }],
  ['lexical', 'mesh wifi system', { types: ['Wi-Fi & Networking'], name: 'Mesh' }],
  ['lexical', 'decking screws', { types: ['Screws'], name: 'Decking Screws' }],
  // Semantic: what the product does, in the manager's words.
  ['semantic', 'something to stop a dripping tap', { types: ['Tap Washers & Repair Kits'] }],
  [
    'semantic',
    'waterproof box for outdoor electrical connections',
    { types: ['Junction Boxes & Enclosures'], name: 'IP66|Weatherproof Enclosure' },
  ],
  [
    'semantic',
    'keep the garden path lit at night without any wiring',
    { types: ['Solar & Garden Lights'], name: 'Solar' },
  ],
  ['semantic', 'clear a blocked sink', { types: ['Drain Unblockers'], name: 'Plunger|Gel|Snake' }],
  [
    'semantic',
    'the toilet keeps running after it is flushed',
    { types: ['Toilet Repair Parts'], name: 'Fill Valve|Flush Valve' },
  ],
  [
    'semantic',
    'stop cold air getting in under the front door',
    { types: ['Draught Proofing'], name: 'Door Brush|Foam Draught Strip' },
  ],
  ['semantic', 'protect my eyes when grinding metal', { types: ['Safety Glasses & Goggles'] }],
  [
    'semantic',
    'get rid of black mould in the shower',
    { types: ['Cleaning Chemicals'], name: 'Mould and Mildew' },
  ],
  [
    'semantic',
    "car won't start on a cold morning",
    { types: ['Jump Starters & Chargers'], name: 'Jump Starter|Jump Leads|Battery Charger' },
  ],
  [
    'semantic',
    'hang a heavy mirror on a plasterboard wall',
    {
      types: ['Wall Plugs & Anchors', 'Picture Hanging'],
      name: 'Cavity Anchors|Spring Toggles|Mirror Hangers',
    },
  ],
  ['semantic', 'bathroom mirror that does not steam up', { types: ['Mirrors & Cabinets'], name: 'Demister' }],
  ['semantic', 'damp walls and condensation on the windows', { types: ['Dehumidifiers'] }],
  [
    'semantic',
    'cut branches too thick for secateurs',
    { types: ['Garden Hand Tools', 'Hand Saws'], name: 'Loppers|Pruning Saw' },
  ],
  [
    'semantic',
    'keep a bedroom cool in a heatwave',
    { types: ['Electric Fans', 'Portable Air Conditioners'] },
  ],
  [
    'semantic',
    'stop children opening upstairs windows too wide',
    { types: ['Window Locks & Fittings'], name: 'Restrictor' },
  ],
  ['semantic', 'hearing protection for loud power tools', { types: ['Ear Defenders'] }],
  ['semantic', 'measure a room without a tape', { types: ['Tape Measures'], name: 'Laser Distance Meter' }],
  [
    'semantic',
    'check whether a wire is live before working on it',
    { types: ['Electrical Testers'], name: 'Voltage Tester|Multimeter' },
  ],
  ['semantic', 'emergency fix for a leaking pipe', { types: ['Sealants & Tapes'], name: 'Leak Repair Tape' }],
  ['semantic', 'tap water tastes of chlorine', { types: ['Water Filters'] }],
  [
    'semantic',
    'hear the doorbell from the bottom of the garden',
    { types: ['Doorbells'], name: 'Wireless Doorbell Kit' },
  ],
  [
    'semantic',
    'fill cracks in a wall before painting',
    { types: ['Fillers & Caulk'], name: 'Interior Filler|Crack Repair Tape|Decorators Caulk' },
  ],
  [
    'semantic',
    'somewhere to keep bikes in the garage',
    { types: ['Garage Wall Storage', 'Sheds & Garden Storage'], name: 'Bike' },
  ],
  ['semantic', 'switch lamps on and off from my phone', { types: ['Smart Plugs'] }],
  ['semantic', "see who is at the door when I'm at work", { types: ['Video Doorbells'] }],
  ['semantic', 'get rid of moss in the lawn', { types: ['Lawn Care & Weed Control'], name: 'Moss' }],
  [
    'semantic',
    'put out a small kitchen fire',
    { types: ['First Aid & Fire Safety'], name: 'Fire Blanket|Extinguisher' },
  ],
  ['semantic', 'make sure a shelf is straight', { types: ['Spirit Levels'] }],
  [
    'semantic',
    'stop people slipping on icy steps',
    { types: ['Snow & Ice'], name: 'Rock Salt|Ice Melt|Grit Bin|Shoe Grips' },
  ],
  [
    'semantic',
    'replace a broken front door lock',
    { types: ['Door Handles & Locks'], name: 'Euro Cylinder|Mortice Deadlock' },
  ],
  ['semantic', 'cook outside for a family party', { types: ['Barbecues'] }],
  [
    'semantic',
    'shade the patio from the midday sun',
    { types: ['Parasols & Gazebos'], name: 'Parasol,|Gazebo|Shade Sail' },
  ],
  // Mixed: some catalogue words, some intent.
  [
    'mixed',
    'bathroom extractor fan that switches on when it gets humid',
    { types: ['Extractor Fans'], name: 'Humidistat' },
  ],
  [
    'mixed',
    'paint for a bathroom ceiling that resists mould',
    { types: ['Interior Wall Paint'], name: 'Anti-Mould' },
  ],
  [
    'mixed',
    'outdoor security camera with a floodlight',
    { types: ['Security Cameras'], name: 'Outdoor.*Floodlight' },
  ],
  ['mixed', "sand for the kids' sandpit", { types: ['Sand & Aggregates'], name: 'Play Sand' }],
  ['mixed', 'oil to protect a hardwood deck', { types: ['Wood Stains & Varnish'], name: 'Decking Oil' }],
  [
    'mixed',
    'cordless trimmer for lawn edges',
    { types: ['Hedge Trimmers & Strimmers'], name: 'Grass Trimmer.*Cordless' },
  ],
  ['mixed', 'fire rated internal door', { types: ['Interior Doors'], name: 'Fire Door' }],
  [
    'mixed',
    'lights under the kitchen cupboards',
    { types: ['Under-Cabinet & Strip Lights'], name: 'Under-Cabinet|Cupboard' },
  ],
  [
    'mixed',
    'gloves that protect against cuts when handling glass',
    { types: ['Work Gloves'], name: 'Cut-Resistant' },
  ],
  ['mixed', 'spare battery for an 18V drill', { types: ['Batteries & Chargers'], name: '18V' }],
]

const scale = 1
const products = seedSize(scale).products
const catalogue = planCatalogue(DEFAULT_SEED, products)
const typeNames = catalogue.types.map((t) => t.name)
const queries = SPECS.map(([kind, query, criteria], i) => {
  for (const type of criteria.types) {
    if (!typeNames.includes(type)) throw new Error(`unknown product type ${type} in ${JSON.stringify(query)}`)
  }
  const name = criteria.name === undefined ? undefined : new RegExp(criteria.name, 'i')
  const relevant = catalogue.products
    .filter(
      (p) => criteria.types.includes(typeNames[p.typeIndex]!) && (name === undefined || name.test(p.name)),
    )
    .map((p) => ({ id: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name))
  if (relevant.length === 0) throw new Error(`no product answers ${JSON.stringify(query)}`)
  return { id: `q${String(i + 1).padStart(2, '0')}`, kind, query, criteria, relevant }
})

const out = {
  about:
    'Product search evaluation: manager questions and the products that answer them in the demo catalogue ' +
    '(relevant = product type, and attribute values in the name). Generated by bench/search-eval-build.ts from ' +
    'the catalogue generator, not from search results.',
  catalogue: { seed: DEFAULT_SEED, scale, products },
  queries,
}
const path = join(import.meta.dir, 'search-eval.json')
await Bun.write(path, `${JSON.stringify(out, null, 2)}\n`)
const sizes = queries.map((q) => q.relevant.length)
console.log(
  `Wrote ${queries.length} queries (${['lexical', 'semantic', 'mixed'].map((k) => `${queries.filter((q) => q.kind === k).length} ${k}`).join(', ')}) ` +
    `to ${path}; relevant products per query: ${Math.min(...sizes)} to ${Math.max(...sizes)}.`,
)
