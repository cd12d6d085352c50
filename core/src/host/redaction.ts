/** What replaces a secret wherever it would show. */
export const REDACTED = '***';

/** Replaces every occurrence of the given secret values in strings, deep through arrays and objects. */
export function redactValues<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return redactText(item, secrets);
    if (Array.isArray(item)) return item.map(visit);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, field]) => [key, visit(field)]));
    return item;
  };
  return visit(value) as T;
}

/**
 * Every character that belongs to an occurrence of any secret, overlapping or not, is hidden: each
 * run of such characters becomes one `***`. Replacing secret by secret would leak: a shorter
 * secret inside a longer one (`abc` in `abcdef`) replaced first leaves the longer one's tail
 * (`***def`), and two overlapping secrets leave the part the first did not cover.
 */
function redactText(text: string, secrets: ReadonlySet<string>): string {
  const hidden = new Array<boolean>(text.length).fill(false);
  let any = false;
  for (const secret of secrets) {
    if (!secret) continue;
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
      hidden.fill(true, at, at + secret.length);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += REDACTED;
  }
  return out;
}

/** A configuration fit to print: secret fields shown as `***`, whatever they hold. */
export function redactConfiguration(configuration: Readonly<Record<string, unknown>>, secretFields: readonly string[]): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...configuration };
  for (const field of secretFields) if (field in shown) shown[field] = REDACTED;
  return shown;
}
