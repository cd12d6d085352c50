/** A value the suite knows to be secret, and the configuration field it came from. */
export interface KnownSecret {
  field: string;
  value: string;
}

/** Where a secret leaked: `configuration field accessToken appears in log line 3`. Values are never repeated. */
export function findSecrets(secrets: KnownSecret[], outputs: { where: string; text: string }[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.value.length < 4) continue;
    for (const output of outputs) {
      if (output.text.includes(secret.value)) leaks.push(`the value of configuration field ${secret.field} appears in ${output.where}`);
    }
  }
  return leaks;
}
