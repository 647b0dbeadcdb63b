/** Store formats: what a store sells more or less of (see CategoryMix). */
export type StoreFormat = 'urban' | 'suburban' | 'rural'

export interface Location {
  /** After 'Zava ': 'Seattle Downtown'. */
  name: string
  city: string
  state: string
  format: StoreFormat
}

export interface RegionSpec {
  name: string
  locations: readonly Location[]
}

const loc = (name: string, city: string, state: string, format: StoreFormat): Location => ({
  name,
  city,
  state,
  format,
})

/**
 * Physical regions in the order they are opened as the scale grows; the first location of the
 * first region is the demo store manager's store, whatever the seed or scale.
 */
export const REGIONS: readonly RegionSpec[] = [
  {
    name: 'Pacific Northwest',
    locations: [
      loc('Seattle Downtown', 'Seattle', 'WA', 'urban'),
      loc('Bellevue', 'Bellevue', 'WA', 'suburban'),
      loc('Tacoma', 'Tacoma', 'WA', 'suburban'),
      loc('Spokane', 'Spokane', 'WA', 'rural'),
      loc('Portland Pearl District', 'Portland', 'OR', 'urban'),
      loc('Everett', 'Everett', 'WA', 'suburban'),
      loc('Redmond', 'Redmond', 'WA', 'suburban'),
      loc('Olympia', 'Olympia', 'WA', 'rural'),
      loc('Bellingham', 'Bellingham', 'WA', 'rural'),
      loc('Salem', 'Salem', 'OR', 'suburban'),
    ],
  },
  {
    name: 'California',
    locations: [
      loc('San Francisco SoMa', 'San Francisco', 'CA', 'urban'),
      loc('San Jose', 'San Jose', 'CA', 'suburban'),
      loc('Sacramento', 'Sacramento', 'CA', 'suburban'),
      loc('Los Angeles Westside', 'Los Angeles', 'CA', 'urban'),
      loc('Oakland', 'Oakland', 'CA', 'urban'),
      loc('Fresno', 'Fresno', 'CA', 'rural'),
      loc('San Diego Mission Valley', 'San Diego', 'CA', 'suburban'),
      loc('Pasadena', 'Pasadena', 'CA', 'suburban'),
      loc('Santa Rosa', 'Santa Rosa', 'CA', 'rural'),
    ],
  },
  {
    name: 'Mountain West',
    locations: [
      loc('Denver', 'Denver', 'CO', 'urban'),
      loc('Salt Lake City', 'Salt Lake City', 'UT', 'suburban'),
      loc('Boise', 'Boise', 'ID', 'suburban'),
      loc('Boulder', 'Boulder', 'CO', 'suburban'),
      loc('Colorado Springs', 'Colorado Springs', 'CO', 'suburban'),
      loc('Bozeman', 'Bozeman', 'MT', 'rural'),
      loc('Missoula', 'Missoula', 'MT', 'rural'),
    ],
  },
  {
    name: 'Southwest',
    locations: [
      loc('Phoenix', 'Phoenix', 'AZ', 'urban'),
      loc('Scottsdale', 'Scottsdale', 'AZ', 'suburban'),
      loc('Las Vegas', 'Las Vegas', 'NV', 'urban'),
      loc('Tucson', 'Tucson', 'AZ', 'suburban'),
      loc('Albuquerque', 'Albuquerque', 'NM', 'suburban'),
      loc('Santa Fe', 'Santa Fe', 'NM', 'rural'),
    ],
  },
  {
    name: 'Texas',
    locations: [
      loc('Austin', 'Austin', 'TX', 'urban'),
      loc('Dallas', 'Dallas', 'TX', 'urban'),
      loc('Houston Heights', 'Houston', 'TX', 'urban'),
      loc('San Antonio', 'San Antonio', 'TX', 'suburban'),
      loc('Plano', 'Plano', 'TX', 'suburban'),
      loc('Fort Worth', 'Fort Worth', 'TX', 'suburban'),
      loc('Waco', 'Waco', 'TX', 'rural'),
    ],
  },
  {
    name: 'Midwest',
    locations: [
      loc('Chicago Loop', 'Chicago', 'IL', 'urban'),
      loc('Minneapolis', 'Minneapolis', 'MN', 'urban'),
      loc('Milwaukee', 'Milwaukee', 'WI', 'suburban'),
      loc('Naperville', 'Naperville', 'IL', 'suburban'),
      loc('Madison', 'Madison', 'WI', 'suburban'),
      loc('Des Moines', 'Des Moines', 'IA', 'rural'),
      loc('Kansas City', 'Kansas City', 'MO', 'suburban'),
    ],
  },
  {
    name: 'Great Lakes',
    locations: [
      loc('Detroit', 'Detroit', 'MI', 'urban'),
      loc('Columbus', 'Columbus', 'OH', 'suburban'),
      loc('Cleveland', 'Cleveland', 'OH', 'urban'),
      loc('Ann Arbor', 'Ann Arbor', 'MI', 'suburban'),
      loc('Indianapolis', 'Indianapolis', 'IN', 'suburban'),
      loc('Grand Rapids', 'Grand Rapids', 'MI', 'rural'),
    ],
  },
  {
    name: 'Northeast',
    locations: [
      loc('Boston Back Bay', 'Boston', 'MA', 'urban'),
      loc('Brooklyn', 'New York', 'NY', 'urban'),
      loc('Providence', 'Providence', 'RI', 'suburban'),
      loc('Stamford', 'Stamford', 'CT', 'suburban'),
      loc('Hartford', 'Hartford', 'CT', 'suburban'),
      loc('Burlington', 'Burlington', 'VT', 'rural'),
      loc('Portland Maine', 'Portland', 'ME', 'rural'),
    ],
  },
  {
    name: 'Mid-Atlantic',
    locations: [
      loc('Philadelphia', 'Philadelphia', 'PA', 'urban'),
      loc('Baltimore', 'Baltimore', 'MD', 'urban'),
      loc('Arlington', 'Arlington', 'VA', 'suburban'),
      loc('Pittsburgh', 'Pittsburgh', 'PA', 'suburban'),
      loc('Richmond', 'Richmond', 'VA', 'suburban'),
      loc('Lancaster', 'Lancaster', 'PA', 'rural'),
    ],
  },
  {
    name: 'Southeast',
    locations: [
      loc('Atlanta Midtown', 'Atlanta', 'GA', 'urban'),
      loc('Charlotte', 'Charlotte', 'NC', 'suburban'),
      loc('Nashville', 'Nashville', 'TN', 'urban'),
      loc('Raleigh', 'Raleigh', 'NC', 'suburban'),
      loc('Orlando', 'Orlando', 'FL', 'suburban'),
      loc('Tampa', 'Tampa', 'FL', 'suburban'),
      loc('Asheville', 'Asheville', 'NC', 'rural'),
    ],
  },
]

/** Suffixes for more stores in a city than the list names: 'Zava Seattle Downtown North'. */
export const BRANCH_SUFFIXES = [
  'North',
  'South',
  'East',
  'West',
  'Central',
  'Riverside',
  'Park',
  'Junction',
  'Heights',
  'Lakeside',
]

export const ONLINE_REGION = 'Online'
export const ONLINE_STORE = { name: 'Zava Online', city: 'Seattle', address: '1 Zava Way, Kent, WA' } as const
