/** Exact's amounts are decimals in the division's currency; the model's are integers in cents. A non-number is passed on as it is. */
export function cents(amount: unknown): number {
  return typeof amount === 'number' ? Math.round(amount * 100) : (amount as number);
}

/** The decimal Exact would hold for an amount in cents. */
export function decimal(amountInCents: number): number {
  return amountInCents / 100;
}
