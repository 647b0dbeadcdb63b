/** A database could not be provisioned; `hint` says how to fix it. */
export class ProvisionError extends Error {
  readonly code = 'PROVISION_ERROR'
  override readonly name = 'ProvisionError'

  constructor(
    message: string,
    readonly hint: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }

  override toString(): string {
    return `${this.name}: ${this.message}\n  hint: ${this.hint}`
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err))
