import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where secret values live; configurations hold only references (`secret://<name>`). */
export interface SecretStore {
  /** How the store is named in errors ("environment (LEDGERSYNC_SECRET_*)"). */
  readonly description: string;
  get(name: string): Promise<string | undefined>;
}

/** `secret://office-a-token` → `office-a-token`. */
const REFERENCE = /^secret:\/\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;

export function secretReferenceName(value: unknown): string | undefined {
  return typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
}

/** Environment variables: `secret://office-a.token` reads `LEDGERSYNC_SECRET_OFFICE_A_TOKEN`. */
export class EnvSecretStore implements SecretStore {
  readonly description: string;

  constructor(private readonly prefix = 'LEDGERSYNC_SECRET_', private readonly env: NodeJS.ProcessEnv = process.env) {
    this.description = `environment (${prefix}*)`;
  }

  async get(name: string): Promise<string | undefined> {
    return this.env[`${this.prefix}${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  }
}

/** One file per secret in a folder (as Docker and Kubernetes mount them); a trailing newline is dropped. */
export class FileSecretStore implements SecretStore {
  readonly description: string;

  constructor(private readonly directory: string) {
    this.description = `secret folder ${directory}`;
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return (await readFile(join(this.directory, name), 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Secrets given in code (tests, embedding applications). */
export class MemorySecretStore implements SecretStore {
  readonly description = 'in-memory secret store';

  constructor(private readonly values: Record<string, string>) {}

  async get(name: string): Promise<string | undefined> {
    return Object.prototype.hasOwnProperty.call(this.values, name) ? this.values[name] : undefined;
  }
}

/** Asks each store in turn; the first that holds the name wins. */
export class ChainedSecretStore implements SecretStore {
  readonly description: string;

  constructor(private readonly stores: SecretStore[]) {
    this.description = stores.map((store) => store.description).join(' or ') || 'no secret store';
  }

  async get(name: string): Promise<string | undefined> {
    for (const store of this.stores) {
      const value = await store.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}
