import type { CategorySpec } from './types.ts'

export const plumbing: CategorySpec = {
  name: 'Plumbing',
  code: 'PL',
  margin: [0.42, 0.58],
  brands: [
    ['Aquaflow', 1],
    ['Pipeline Pro', 1.15],
    ['Zava Essentials', 0.75],
    ['Hydrofix', 0.95],
  ],
  quantity: 'few',
  mix: { urban: 1.1, suburban: 1, rural: 1, online: 0.8 },
  types: [
    {
      name: 'Tap Washers & Repair Kits',
      code: 'TWK',
      price: [2, 19],
      title: '{kind}',
      attrs: {
        kind: [
          'Tap Washer Kit, Assorted',
          ['Tap Cartridge Replacement', 3],
          ['O-Ring Assortment, 225 Pieces', 1.5],
          ['Ceramic Tap Valve, Pair', 2.5],
        ],
      },
      lead: [
        'Replacement {kind} that stops a dripping tap or leaky faucet without calling a plumber.',
        '{kind}: fix a tap that drips or will not turn off fully in minutes.',
      ],
      uses: [
        'fixing a dripping kitchen tap',
        'stopping a leaky bathroom faucet',
        'saving water and money',
        'repairing outside taps',
      ],
      extras: ['Turn off the water at the isolating valve before you start.'],
      demand: 1.5,
    },
    {
      name: 'Pipes & Fittings',
      code: 'PIP',
      price: [2, 49],
      title: '{kind} {size}',
      attrs: {
        kind: [
          'Copper Pipe 2m',
          ['Push-Fit Elbow, Pack of 5', 0.6],
          ['Compression Tee', 0.4],
          ['PEX Flexible Pipe 10m', 1.4],
          ['Waste Pipe 3m', 0.6],
        ],
        size: ['15mm', '22mm', ['40mm', 1.2]],
      },
      lead: [
        '{kind}, {size}, for hot and cold water and waste connections.',
        'Reliable {size} {kind} for repairs and new plumbing runs.',
      ],
      uses: [
        'plumbing in a washing machine',
        'repairing a burst pipe',
        'moving a radiator',
        'connecting a new sink waste',
      ],
      quantity: 'multi',
      demand: 1.3,
    },
    {
      name: 'Drain Unblockers',
      code: 'DRN',
      price: [3, 39],
      title: '{kind}',
      attrs: {
        kind: [
          'Sink and Drain Plunger',
          ['Toilet Plunger', 1.1],
          ['Drain Unblocker Gel 1L', 0.6],
          ['Drain Snake 5m', 1.5],
          ['Hair Catcher, Pack of 3', 0.5],
        ],
      },
      lead: [
        '{kind} that clears blocked sinks, showers and toilets fast.',
        'Get water flowing again with this {kind}.',
      ],
      uses: [
        'unblocking a kitchen sink',
        'clearing a slow shower drain full of hair',
        'a blocked toilet',
        'stopping drains smelling',
      ],
      demand: 1.4,
    },
    {
      name: 'Toilet Repair Parts',
      code: 'TRP',
      price: [5, 39],
      title: '{kind}',
      attrs: {
        kind: [
          'Universal Fill Valve',
          ['Flush Valve with Dual Flush Button', 1.4],
          ['Cistern Lever Handle', 0.6],
          ['Toilet Pan Connector', 0.8],
          ['Universal Toilet Seat Hinges', 0.7],
        ],
      },
      lead: [
        '{kind} that fits most cisterns and toilets.',
        'Fix a running or noisy toilet with this {kind}.',
      ],
      uses: [
        'stopping a toilet that keeps running',
        'fixing a flush that will not work',
        'a cistern that fills slowly',
        'a wobbly toilet seat',
      ],
      quantity: 'single',
    },
    {
      name: 'Sealants & Tapes',
      code: 'SLT',
      price: [2, 15],
      title: '{kind}',
      attrs: {
        kind: [
          'PTFE Thread Seal Tape',
          ['Sanitary Silicone Sealant, White', 2],
          ['Leak Repair Tape', 2.5],
          ["Plumber's Jointing Compound", 2],
        ],
      },
      lead: [
        '{kind} for watertight seals on threads, joints and around baths.',
        'Keep water where it belongs with {kind}.',
      ],
      uses: [
        'resealing around a bath or shower',
        'sealing threaded pipe joints',
        'emergency repair of a leaking pipe',
        'stopping water getting behind tiles',
      ],
      demand: 1.6,
      quantity: 'multi',
    },
    {
      name: 'Water Filters',
      code: 'WFL',
      price: [9, 129],
      title: '{kind}',
      attrs: {
        kind: [
          'Filter Jug Cartridges, Pack of 6',
          ['Under-Sink Water Filter System', 6],
          ['Shower Head Filter', 2],
          ['Fridge Water Filter', 2.5],
        ],
      },
      lead: [
        '{kind} that reduces limescale, chlorine and odours for better tasting water.',
        'Cleaner water on tap with this {kind}.',
      ],
      uses: [
        'better tasting drinking water',
        'reducing limescale in kettles',
        'softer water for hair and skin',
        'fridge ice makers',
      ],
    },
    {
      name: 'Valves',
      code: 'VLV',
      price: [4, 45],
      title: '{kind} {size}',
      attrs: {
        kind: ['Isolating Valve', ['Stopcock', 1.6], ['Outdoor Tap Kit', 4], ['Washing Machine Valve', 1.2]],
        size: ['15mm', '22mm'],
      },
      lead: [
        'A {size} {kind} for shutting off water to one fitting without draining the house.',
        '{kind} ({size}) in solid brass.',
      ],
      uses: [
        'fitting an outside tap for the garden hose',
        'isolating a toilet for repairs',
        'plumbing in a dishwasher',
        'replacing a seized stopcock',
      ],
    },
  ],
}

export const kitchen: CategorySpec = {
  name: 'Kitchen',
  code: 'KT',
  margin: [0.33, 0.48],
  brands: [
    ['Cucina', 1.1],
    ['Zava Home', 0.8],
    ['Steelworth', 1.25],
    ['Hearthline', 1],
  ],
  quantity: 'single',
  mix: { urban: 1.05, suburban: 1.1, rural: 0.9, online: 0.9 },
  types: [
    {
      name: 'Kitchen Sinks',
      code: 'SNK',
      price: [79, 399],
      title: '{kind} Kitchen Sink, {material}',
      attrs: {
        kind: ['1 Bowl', ['1.5 Bowl with Drainer', 1.3], ['Undermount', 1.4], ['Belfast', 1.6]],
        material: ['Stainless Steel', ['Granite Composite', 1.3], ['Ceramic', 1.2]],
      },
      lead: [
        'A {material} {kind} kitchen sink, deep enough for roasting trays.',
        'Hard-wearing {material} {kind} sink with waste and overflow kit.',
      ],
      uses: [
        'kitchen refits',
        'replacing a chipped or stained sink',
        'utility rooms',
        'farmhouse-style kitchens',
      ],
      demand: 0.5,
    },
    {
      name: 'Kitchen Taps',
      code: 'KTP',
      price: [39, 279],
      title: '{kind} Kitchen Tap, {finish}',
      attrs: {
        kind: ['Mono Mixer', ['Pull-Out Spray', 1.4], ['Boiling Water', 3.5], ['Swan Neck', 1.1]],
        finish: ['Chrome', ['Brushed Steel', 1.15], ['Matt Black', 1.2], ['Brushed Brass', 1.3]],
      },
      lead: [
        'A {finish} {kind} kitchen tap with a smooth quarter-turn ceramic action.',
        'Update your sink with this {kind} tap in {finish}.',
      ],
      uses: [
        'filling large pans',
        'rinsing dishes',
        'replacing a dripping kitchen mixer',
        'instant hot water for drinks',
      ],
      demand: 0.8,
    },
    {
      name: 'Cabinet Handles & Knobs',
      code: 'HDL',
      price: [3, 39],
      title: '{kind}, {finish}, {pack}',
      attrs: {
        kind: ['Bar Handles 128mm', 'Cup Handles', 'Round Knobs', ['Edge Pull Handles', 1.2]],
        finish: ['Matt Black', 'Brushed Nickel', 'Antique Brass', 'Chrome'],
        pack: ['Single', ['Pack of 6', 4], ['Pack of 10', 6]],
      },
      lead: [
        '{finish} {kind} that refresh kitchen and bedroom cupboards in minutes.',
        'Give tired units a new look with {finish} {kind}.',
      ],
      uses: [
        'a budget kitchen makeover',
        'updating wardrobes and dressers',
        'upcycling furniture',
        'replacing broken handles',
      ],
      quantity: 'multi',
      demand: 1.3,
    },
    {
      name: 'Worktops',
      code: 'WTP',
      price: [59, 349],
      title: '{material} Worktop {size}',
      attrs: {
        material: ['Laminate Oak Effect', ['Solid Oak', 2], ['Quartz Effect Laminate', 1.1], ['Bamboo', 1.6]],
        size: ['2m x 600mm', ['3m x 600mm', 1.4]],
      },
      lead: [
        'A {size} {material} worktop with a tough, heat and stain-resistant surface.',
        '{material} kitchen worktop, {size}, ready to cut to fit.',
      ],
      uses: [
        'kitchen refits',
        'building a kitchen island',
        'utility room benches',
        'desk tops and breakfast bars',
      ],
      demand: 0.5,
    },
    {
      name: 'Cooker Hoods',
      code: 'HOD',
      price: [79, 449],
      title: '{size} {kind} Cooker Hood, {finish}',
      attrs: {
        size: ['60cm', ['90cm', 1.3]],
        kind: ['Chimney', ['Integrated', 0.8], ['Angled Glass', 1.3]],
        finish: ['Stainless Steel', 'Black'],
      },
      lead: [
        'A {size} {kind} cooker hood that clears steam, smoke and cooking smells.',
        'Quiet {kind} extractor hood ({size}) with LED lights over the hob.',
      ],
      uses: [
        'removing cooking smells',
        'stopping grease on kitchen walls',
        'kitchen refits',
        'open-plan living',
      ],
      demand: 0.4,
    },
    {
      name: 'Kitchen Storage & Bins',
      code: 'BIN',
      price: [9, 99],
      title: '{kind}',
      attrs: {
        kind: [
          'Pedal Bin 30L',
          ['Recycling Bin 3 x 15L', 1.8],
          ['Pull-Out Under-Sink Bin', 2],
          ['Food Storage Jars, Set of 5', 0.8],
          ['Pan Drawer Organiser', 0.6],
        ],
      },
      lead: [
        '{kind} that keeps the kitchen tidy and organised.',
        'Make the most of cupboard space with this {kind}.',
      ],
      uses: [
        'sorting recycling',
        'keeping food waste out of sight',
        'organising the pantry',
        'small kitchens',
      ],
      quantity: 'few',
    },
    {
      name: 'Splashbacks',
      code: 'SPB',
      price: [29, 189],
      title: '{material} Splashback {size}',
      attrs: {
        material: [
          'Toughened Glass',
          ['Stainless Steel', 1.1],
          ['Peel and Stick Tile', 0.4],
          ['Acrylic', 0.7],
        ],
        size: ['600 x 750mm', ['900 x 750mm', 1.3]],
      },
      lead: [
        'A wipe-clean {material} splashback ({size}) that protects the wall behind the hob.',
        '{material} splashback: a quick alternative to tiling.',
      ],
      uses: ['behind the cooker', 'covering old tiles', 'a rental kitchen refresh', 'easy-clean kitchens'],
    },
  ],
}

export const bathroom: CategorySpec = {
  name: 'Bathroom',
  code: 'BA',
  margin: [0.36, 0.5],
  brands: [
    ['Aquaserene', 1.1],
    ['Zava Home', 0.8],
    ['Porcelaine', 1.25],
    ['Tidewater', 1],
  ],
  quantity: 'single',
  mix: { urban: 1.05, suburban: 1.1, rural: 0.9, online: 0.9 },
  types: [
    {
      name: 'Showers & Shower Heads',
      code: 'SHW',
      price: [15, 299],
      title: '{kind}, {finish}',
      attrs: {
        kind: [
          ['Water-Saving Shower Head', 0.6],
          ['Rainfall Shower Head 250mm', 1],
          ['Thermostatic Mixer Shower', 3.5],
          ['9.5kW Electric Shower', 3],
          ['Shower Hose 1.5m', 0.3],
        ],
        finish: ['Chrome', 'Matt Black', 'Brushed Brass'],
      },
      lead: [
        'A {finish} {kind} for a powerful, relaxing shower.',
        'Upgrade your bathroom with this {kind} in {finish}, with easy-clean nozzles.',
      ],
      uses: [
        'improving weak shower pressure',
        'cutting water bills',
        'bathroom makeovers',
        'replacing a limescaled shower head',
      ],
      demand: 1.1,
    },
    {
      name: 'Toilets & Toilet Seats',
      code: 'TLT',
      price: [19, 349],
      title: '{kind}',
      attrs: {
        kind: [
          ['Soft-Close Toilet Seat', 0.2],
          ['Close-Coupled Toilet', 1],
          ['Wall-Hung Toilet Pan', 1.3],
          ['Back-to-Wall Toilet', 1.1],
          ['Wooden Toilet Seat', 0.25],
        ],
      },
      lead: [
        '{kind} with quick-release fixings for easy cleaning.',
        'A {kind} that fits standard fixing holes and closes quietly.',
      ],
      uses: [
        'replacing a cracked toilet seat',
        'bathroom renovations',
        'a downstairs cloakroom',
        'family bathrooms',
      ],
    },
    {
      name: 'Basins & Vanity Units',
      code: 'BSN',
      price: [49, 499],
      title: '{size} {kind}, {finish}',
      attrs: {
        size: ['450mm', '600mm', ['800mm', 1.3]],
        kind: [['Cloakroom Basin', 0.5], 'Vanity Unit with Basin', ['Wall-Hung Vanity Unit', 1.2]],
        finish: ['Gloss White', 'Sage Green', 'Oak Effect', 'Navy'],
      },
      lead: [
        'A {size} {kind} in {finish} with storage for toiletries.',
        '{finish} {kind} ({size}) that hides pipes and clutter.',
      ],
      uses: [
        'small bathrooms and en-suites',
        'adding storage to a bathroom',
        'cloakroom makeovers',
        'replacing a pedestal basin',
      ],
      demand: 0.5,
    },
    {
      name: 'Bathroom Taps',
      code: 'BTP',
      price: [29, 199],
      title: '{kind}, {finish}',
      attrs: {
        kind: [
          'Basin Mixer Tap',
          ['Bath Shower Mixer', 1.6],
          ['Bath Taps, Pair', 1.1],
          ['Waterfall Basin Tap', 1.3],
        ],
        finish: ['Chrome', 'Matt Black', 'Brushed Nickel'],
      },
      lead: ['{finish} {kind} with ceramic discs for a drip-free action.', 'A stylish {kind} in {finish}.'],
      uses: [
        'replacing a leaking tap',
        'bathroom updates',
        'filling the bath faster',
        'matching new bathroom fittings',
      ],
    },
    {
      name: 'Bathroom Accessories',
      code: 'BAC',
      price: [6, 79],
      title: '{kind}, {finish}',
      attrs: {
        kind: [
          'Towel Rail',
          ['Heated Towel Rail', 3],
          'Toilet Roll Holder',
          'Soap Dispenser',
          ['Shower Caddy', 1.1],
          ['Bath Mat', 0.7],
        ],
        finish: ['Chrome', 'Matt Black', 'White', 'Bamboo'],
      },
      lead: ['{finish} {kind} to finish off your bathroom.', 'A practical {kind} in {finish}.'],
      uses: [
        'organising shampoo and soap',
        'drying towels',
        'bathroom refreshes',
        'renters who want a quick update',
      ],
      quantity: 'few',
      demand: 1.3,
    },
    {
      name: 'Mirrors & Cabinets',
      code: 'MIR',
      price: [25, 249],
      title: '{kind} {size}',
      attrs: {
        kind: [
          'Round Bathroom Mirror',
          ['LED Illuminated Mirror', 2.2],
          ['Mirrored Bathroom Cabinet', 1.6],
          ['Demister Mirror', 2],
        ],
        size: ['500mm', ['800mm', 1.4]],
      },
      lead: [
        'A {size} {kind} that makes the bathroom brighter and feel bigger.',
        '{kind} ({size}): no more steamed-up mirror after a shower.',
      ],
      uses: ['shaving and make-up', 'storing medicines and toiletries', 'small bathrooms', 'en-suites'],
    },
    {
      name: 'Extractor Fans',
      code: 'EXF',
      price: [19, 129],
      title: '{size} Extractor Fan{extra}',
      attrs: {
        size: ['100mm', ['150mm', 1.3]],
        extra: ['', [' with Timer', 1.3], [' with Humidistat', 1.6]],
      },
      lead: [
        'A quiet {size} extractor fan that removes steam before it turns into condensation and mould.',
        'Bathroom extractor fan ({size}) that clears moisture and smells.',
      ],
      uses: [
        'stopping mould on bathroom ceilings',
        'shower rooms without windows',
        'kitchens and utility rooms',
        'toilets',
      ],
      season: 'heating',
    },
  ],
}

export const cleaning: CategorySpec = {
  name: 'Cleaning',
  code: 'CL',
  margin: [0.38, 0.52],
  brands: [
    ['Sparkle & Co', 1],
    ['Zava Essentials', 0.75],
    ['Purity', 1.1],
    ['Scrubwell', 0.95],
  ],
  quantity: 'few',
  mix: { urban: 1.15, suburban: 1, rural: 0.95, online: 1.1 },
  types: [
    {
      name: 'Pressure Washers',
      code: 'PRW',
      price: [79, 399],
      title: '{bar} Pressure Washer{extra}',
      attrs: {
        bar: [['110 Bar', 0.7], '130 Bar', ['150 Bar', 1.35]],
        extra: ['', [' with Patio Cleaner', 1.2], [', 18V Cordless', 0.9]],
      },
      lead: [
        'A {bar} pressure washer that blasts dirt, moss and algae off patios, cars and fences.',
        'Make patios and decking look new again with this {bar} pressure washer.',
      ],
      uses: [
        'cleaning patios and driveways',
        'washing the car',
        'cleaning garden furniture',
        'removing moss from decking',
      ],
      season: 'spring',
      quantity: 'single',
      demand: 0.6,
    },
    {
      name: 'Vacuum Cleaners',
      code: 'VAC',
      price: [49, 349],
      title: '{kind} Vacuum Cleaner',
      attrs: {
        kind: [
          'Cordless Stick',
          ['Wet and Dry Workshop', 0.8],
          ['Robot', 1.6],
          ['Handheld', 0.5],
          ['Bagless Cylinder', 0.9],
        ],
      },
      lead: [
        'A powerful {kind} vacuum cleaner for dust, crumbs and pet hair.',
        '{kind} vacuum cleaner with strong suction and easy emptying.',
      ],
      uses: [
        'cleaning up after DIY',
        'pet hair on carpets and sofas',
        'cleaning the car',
        'garage and workshop dust',
      ],
      quantity: 'single',
      demand: 0.6,
    },
    {
      name: 'Mops & Buckets',
      code: 'MOP',
      price: [6, 49],
      title: '{kind}',
      attrs: {
        kind: [
          'Spin Mop and Bucket',
          ['Microfibre Flat Mop', 0.7],
          ['Steam Mop', 2.2],
          ['Mop Refill Pads, Pack of 3', 0.4],
        ],
      },
      lead: [
        '{kind} for streak-free hard floors.',
        'Clean tiles, laminate and vinyl quickly with this {kind}.',
      ],
      uses: [
        'mopping kitchen floors',
        'cleaning bathroom tiles',
        'sticky floors after parties',
        'homes with pets',
      ],
    },
    {
      name: 'Cleaning Chemicals',
      code: 'CHM',
      price: [2, 19],
      title: '{kind} {size}',
      attrs: {
        kind: [
          'Mould and Mildew Remover',
          'Limescale Remover',
          ['Patio and Decking Cleaner', 1.8],
          'Oven Cleaner',
          ['Sugar Soap', 0.8],
        ],
        size: ['750ml', ['5L', 3]],
      },
      lead: [
        '{kind} ({size}) that gets tough jobs done without scrubbing for hours.',
        'Powerful {kind} for a deep clean.',
      ],
      uses: [
        'removing black mould from sealant',
        'descaling taps and shower screens',
        'cleaning walls before painting',
        'greasy ovens',
      ],
      quantity: 'multi',
      demand: 1.8,
    },
    {
      name: 'Brushes & Cloths',
      code: 'CLT',
      price: [2, 25],
      title: '{kind}',
      attrs: {
        kind: [
          'Microfibre Cloths, Pack of 10',
          ['Stiff Yard Broom', 2.4],
          'Scrubbing Brush',
          ['Dustpan and Brush Set', 1.3],
          ['Window Squeegee', 1.5],
        ],
      },
      lead: ['{kind} for everyday cleaning inside and out.', 'Durable {kind} that makes cleaning quicker.'],
      uses: ['sweeping paths and garages', 'polishing windows', 'dusting shelves', 'scrubbing outdoor steps'],
      quantity: 'multi',
      demand: 1.4,
    },
  ],
}
