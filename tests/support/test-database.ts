import { type ProvisionedDatabase, provisionDatabase } from '../../src/infra/provision/index.ts'

export { provisionDatabase } from '../../src/infra/provision/index.ts'

let shared: Promise<ProvisionedDatabase> | undefined

const say = (message: string) => process.stderr.write(`[zava-test] ${message}\n`)

/**
 * The database shared by every test file in this `bun test` process, created on first use from
 * ZAVA_DB_BACKEND (default auto) and stopped by the preload's global afterAll. A failure is kept,
 * so later files fail fast with the same error instead of retrying. Tests that need
 * their own server call `provisionDatabase()` directly and stop it themselves.
 */
export function getTestDatabase(): Promise<ProvisionedDatabase> {
  shared ??= provisionDatabase({ log: say }).then(
    (db) => {
      say(`database backend: ${db.description}`)
      return db
    },
    (err: unknown) => {
      say(`database provisioning failed: ${String(err)}`)
      throw err
    },
  )
  return shared
}

/** Stops the shared database if one was started; safe to call more than once. */
export async function stopTestDatabase(): Promise<void> {
  const pending = shared
  shared = undefined
  const db = await pending?.catch(() => undefined)
  await db?.stop()
}
