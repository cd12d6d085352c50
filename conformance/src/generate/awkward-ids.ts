import { Random } from '@ledgersync/sdk';

/**
 * Ids no package would pick, as the format allows them: any non-empty string. Spaces, both kinds
 * of quotes, a backslash, non-ASCII letters (Ä, ø, ł, ß, Greek, CJK), leading zeros — each id
 * different from the plain one, drawn from the seed, so that no adapter can be written for one shape.
 */
const DECORATIONS: readonly ((plain: string) => string)[] = [
  (plain) => `${plain} `.trim() + ' ',
  (plain) => `"${plain}"`,
  (plain) => `O'${plain}`,
  (plain) => `${plain} Ä/ø`,
  (plain) => `łódź ${plain}`,
  (plain) => `Σ-${plain}`,
  (plain) => `${plain}\\x`,
  (plain) => `帳簿 ${plain}`,
  (plain) => `00${plain}`,
  (plain) => `Straße ${plain} «b»`,
];

/** An id for `plain`: decorated with a chance of `awkwardness`, never empty, never equal for two plains. */
export function awkwardId(random: Random, plain: string, awkwardness = 0.6): string {
  if (!random.chance(awkwardness)) return plain;
  return random.pick(DECORATIONS)(plain);
}

/** A name with letters beyond ASCII and a quote, for names and descriptions. */
export function awkwardName(random: Random, base: string): string {
  return random.pick([`${base}`, `${base} «Ünïcødé»`, `${base} "quoted"`, `${base} — Øresund`, `${base} 株式会社`, `d'${base}`]);
}
