import { afterAll } from 'bun:test'
import { stopTestDatabase } from './test-database.ts'

// Hooks in a preload file apply to the whole run: this runs once, after the last test file.
// If the run dies early, the provisioning module's exit/signal guard cleans up instead.
afterAll(stopTestDatabase)
