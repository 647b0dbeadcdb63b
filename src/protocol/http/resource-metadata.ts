import type { AuthFailure } from './auth.ts'

export const MCP_PATH = '/mcp'
export const METADATA_PATH = '/.well-known/oauth-protected-resource'

/** The origin the resource is named by: the configured public URL, else the one the request reached. */
export function publicOrigin(publicUrl: string | undefined, requestUrl: string): string {
  return publicUrl ?? new URL(requestUrl).origin
}

/**
 * Where clients find the metadata of `<origin>/mcp`: RFC 9728 inserts the well-known segment
 * before the resource's path, as the MCP SDK's own helper does. The root path serves it too.
 */
export function metadataUrl(origin: string): string {
  return `${origin}${METADATA_PATH}${MCP_PATH}`
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the MCP endpoint, which the MCP
 * authorization spec asks servers to publish so clients can discover the authorization server.
 */
export function protectedResourceMetadata(origin: string, authorizationServers: readonly string[]) {
  return {
    resource: `${origin}${MCP_PATH}`,
    ...(authorizationServers.length > 0 ? { authorization_servers: authorizationServers } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'Zava Retail analytics (MCP)',
  }
}

/** RFC 6750 §3 challenge, with the RFC 9728 pointer to the metadata. */
export function bearerChallenge(origin: string, failure: Pick<AuthFailure, 'error' | 'message'>): string {
  const params = [`resource_metadata="${metadataUrl(origin)}"`]
  if (failure.error) {
    params.unshift(`error="${failure.error}"`)
    params.push(`error_description="${failure.message.replace(/["\\]/g, "'")}"`)
  }
  return `Bearer ${params.join(', ')}`
}
