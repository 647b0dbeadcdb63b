/**
 * DNS-rebinding protection: a page on evil.example whose name resolves to 127.0.0.1 reaches the
 * server with `Host: evil.example` and `Origin: http://evil.example`. Both are checked against
 * allow-lists before anything else runs.
 */

/**
 * Whether a Host header value is allowed: an entry `name` allows any port, `name:port` one
 * port, `*` anything. Names compare case-insensitively.
 */
export function hostAllowed(host: string | null | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true
  if (!host) return false
  const value = host.toLowerCase()
  const name = value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.split(':')[0]!
  return allowed.includes(value) || allowed.includes(name)
}

/**
 * Whether an Origin header value is allowed: absent (not a browser), same-origin (the page came
 * from this very host, already checked), or listed. `null` (sandboxed pages, file:) is refused.
 */
export function originAllowed(
  origin: string | null | undefined,
  host: string | null | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined || origin === null) return true
  if (allowed.includes('*') || allowed.includes(origin)) return true
  try {
    const url = new URL(origin)
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && !!host && url.host === host.toLowerCase()
    )
  } catch {
    return false
  }
}
