import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { RefreshTokenStore } from '../http/oauth';

/**
 * A refresh token kept in a file readable by its owner only. The record command needs one: Exact
 * rotates the refresh token on every refresh, and the old one stops working.
 */
export class FileRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly path: string) {}

  async load(): Promise<string | undefined> {
    const token = readFileSync(this.path, 'utf8').trim();
    return token.length > 0 ? token : undefined;
  }

  async save(refreshToken: string): Promise<void> {
    writeFileSync(this.path, `${refreshToken}\n`, { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
}
