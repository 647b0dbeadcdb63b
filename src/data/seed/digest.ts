import { createHash, type Hash } from 'node:crypto'
import { datasetTables, planDataset } from './dataset.ts'
import { type SeedOptions, validateOptions } from './options.ts'

/** The digest covers each table's name and its CSV, in load order. */
export function startTable(hash: Hash, table: string): void {
  hash.update(`\0${table}\n`)
}

/**
 * sha256 (hex) of the CSV that `seedDatabase` would load with these options, computed without a
 * database: equal options give equal digests, on any machine.
 */
export function datasetDigest(options: SeedOptions): string {
  const hash = createHash('sha256')
  for (const { table, chunks } of datasetTables(planDataset(validateOptions(options)))) {
    startTable(hash, table)
    for (const chunk of chunks()) hash.update(chunk.csv)
  }
  return hash.digest('hex')
}
