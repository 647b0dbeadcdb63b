import { ValidationError } from '../../errors.ts'

/**
 * Longest text any adapter embeds, in characters: far above a question or a product
 * description, and below OpenAI's 8192-token input limit for ordinary text.
 */
export const MAX_TEXT_CHARS = 8000

/** Limits one provider puts on what it embeds in one call. */
export interface BatchLimits {
  /** Most texts in one request (or one model call). */
  readonly maxTexts: number
  /** Most characters of all texts in one request: bounds its tokens, time and memory. */
  readonly maxChars: number
}

/**
 * Rejects what no provider can embed: an empty or blank text, or one longer than `maxTextChars`
 * (embedding models truncate or refuse long inputs; a manager's question or a product
 * description is far below the limit).
 */
export function checkTexts(texts: readonly string[], maxTextChars: number): void {
  texts.forEach((text, index) => {
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ValidationError(`Text ${index} to embed is empty.`, 'Pass non-empty text to embed.')
    }
    if (text.length > maxTextChars) {
      throw new ValidationError(
        `Text ${index} to embed has ${text.length} characters; at most ${maxTextChars} are accepted.`,
        `Shorten the text to at most ${maxTextChars} characters.`,
      )
    }
  })
}

/**
 * Splits texts into consecutive batches within the limits, keeping their order; a text longer
 * than `maxChars` alone still gets a batch of its own.
 */
export function toBatches(texts: readonly string[], limits: BatchLimits): string[][] {
  const batches: string[][] = []
  let batch: string[] = []
  let chars = 0
  for (const text of texts) {
    if (batch.length > 0 && (batch.length >= limits.maxTexts || chars + text.length > limits.maxChars)) {
      batches.push(batch)
      batch = []
      chars = 0
    }
    batch.push(text)
    chars += text.length
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}
