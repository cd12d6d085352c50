/** What replaces a secret wherever it would show. */
export const REDACTED = '***';

/** Replaces every occurrence of the given secret values in strings, deep through arrays and objects. */
export function redactValues<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') {
      let text = item;
      for (const secret of secrets) if (secret) text = text.split(secret).join(REDACTED);
      return text;
    }
    if (Array.isArray(item)) return item.map(visit);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, field]) => [key, visit(field)]));
    return item;
  };
  return visit(value) as T;
}

/** A configuration fit to print: secret fields shown as `***`, whatever they hold. */
export function redactConfiguration(configuration: Readonly<Record<string, unknown>>, secretFields: readonly string[]): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...configuration };
  for (const field of secretFields) if (field in shown) shown[field] = REDACTED;
  return shown;
}
