import { Redis } from 'ioredis'
import type { CacheStore } from '../../service/tenant-cache.ts'

export interface RedisStoreOptions {
  /** Longest one command may take before the call goes on without the cache. */
  timeoutMs: number
  /** Told about connection trouble (rate-limited by the caller); the store itself never throws it. */
  onConnectionError?: (err: Error) => void
}

/**
 * The tenant cache in Redis, shared by every replica. Fails fast rather than waits: no offline
 * queue (a command while disconnected fails at once), no per-command retries, a tight command
 * timeout; it reconnects in the background, at most every 2 s. Every failure surfaces as a thrown
 * error that the cache turns into a bypass.
 *
 * ioredis rather than Bun's built-in client: it has a per-command timeout and documented,
 * configurable behaviour while disconnected (offline queue off, reconnect strategy), which is what
 * "Redis down or slow never slows or fails a call" rests on; it also runs unchanged on Node.
 */
export function redisCacheStore(url: string, options: RedisStoreOptions): CacheStore {
  const redis = new Redis(url, {
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(500, options.timeoutMs * 10),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    // Keys carry their own prefix (zava:…); nothing else shares the connection.
    lazyConnect: false,
  })
  redis.on('error', (err: Error) => options.onConnectionError?.(err))
  return {
    kind: 'redis',
    async get(key) {
      const value = await redis.get(key)
      return value ?? undefined
    },
    async set(key, value, ttlMs) {
      await redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)))
    },
    async close() {
      try {
        await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, 500))])
      } catch {
        // Already gone.
      }
      redis.disconnect(false)
    },
  }
}
