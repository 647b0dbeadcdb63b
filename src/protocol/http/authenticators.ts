import { apiKeyAuthenticator, loadApiKeys } from './api-keys.ts'
import { type Authenticator, insecureDevAuthenticator } from './auth.ts'
import { createJwtAuthenticator } from './jwt.ts'
import type { AuthSettings } from './settings.ts'

/** The authenticator of the configured mode; reads key files once, at start-up. */
export async function createAuthenticator(auth: AuthSettings): Promise<Authenticator> {
  switch (auth.mode) {
    case 'jwt':
      return createJwtAuthenticator(auth)
    case 'api-key':
      return apiKeyAuthenticator(await loadApiKeys(auth.file))
    case 'insecure-dev':
      return insecureDevAuthenticator()
  }
}
