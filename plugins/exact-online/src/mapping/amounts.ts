/** Exact's amounts are decimals in the division's currency; the model's are integers in cents. A non-number is passed on as it is. */
export function cents(amount: unknown): number {
  return typeof amount === 'number' ? Math.round(amount * 100) : (amount as number);
}

/** The decimal Exact would hold for an amount in cents. */
export function decimal(amountInCents: number): number {
  return amountInCents / 100;
}

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY), from the ICU data Node ships. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in a currency as integer minor units of that currency. A non-number is passed on as it is. */
export function minorUnits(amount: unknown, currency: string): number {
  return typeof amount === 'number' ? Math.round(amount * 10 ** minorDigits(currency)) : (amount as number);
}

/** The decimal Exact would hold for an amount in minor units of a currency. */
export function decimalOf(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}
