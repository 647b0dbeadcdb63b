import { createHmac, randomBytes } from 'node:crypto'

const BLOCK = 64

/**
 * Signs the transaction-local tenant context `<rls_user_id>.<expires_epoch>.<hmac>` that the
 * database verifies in `tenancy.current_rls_user_id()`. Whoever lacks the key cannot name
 * another tenant, even with SQL that calls set_config.
 */
export class TenantSigner {
  readonly #key: Buffer

  constructor(key: Uint8Array) {
    if (key.length < 32 || key.length > BLOCK) {
      throw new RangeError('The tenant signing key must be 32 to 64 bytes long.')
    }
    this.#key = Buffer.from(key)
  }

  /** Accepts 64+ hex characters or base64 of 32+ bytes. */
  static parse(text: string): TenantSigner {
    const trimmed = text.trim()
    const bytes = /^[0-9a-fA-F]+$/.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64')
    return new TenantSigner(bytes)
  }

  static generateKey(): string {
    return randomBytes(32).toString('hex')
  }

  sign(rlsUserId: string, ttlSeconds: number, nowMs = Date.now()): string {
    const message = `${rlsUserId.toLowerCase()}.${Math.floor(nowMs / 1000) + ttlSeconds}`
    return `${message}.${createHmac('sha256', this.#key).update(message).digest('hex')}`
  }

  /** The RFC 2104 padded keys (K xor ipad, K xor opad) the database stores. */
  paddedKeys(): { innerKey: Buffer; outerKey: Buffer } {
    const padded = Buffer.alloc(BLOCK)
    this.#key.copy(padded)
    return {
      innerKey: Buffer.from(padded.map((b) => b ^ 0x36)),
      outerKey: Buffer.from(padded.map((b) => b ^ 0x5c)),
    }
  }
}
