/**
 * Every error ledgersync raises on purpose carries a stable `code`: callers branch on the code,
 * people read the message. Subclasses add the context that makes the message actionable.
 */
export class LedgersyncError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = new.target.name;
  }
}
