import type { Definition } from 'nock';

/** Placeholders that replace credentials in a recorded cassette. */
export const SCRUBBED = {
  accessToken: 'scrubbed-access-token',
  refreshToken: 'scrubbed-refresh-token',
  clientSecret: 'scrubbed-client-secret',
} as const;

/**
 * A recorded cassette with every credential taken out: the token endpoint's request body and
 * response, authorization headers, and any occurrence of a known secret anywhere else (a division
 * could echo one in an error text). What is left can be committed and shared.
 */
export function scrubCassette(entries: Definition[], secrets: readonly string[]): Definition[] {
  const known = secrets.filter((secret) => secret.length >= 4);
  return entries.map((entry) => {
    const copy: Definition = { ...entry };
    if (String(copy.path).includes('/oauth2/token')) {
      copy.body = undefined;
      copy.response = { access_token: SCRUBBED.accessToken, token_type: 'bearer', expires_in: '600', refresh_token: SCRUBBED.refreshToken };
    }
    if (copy.reqheaders) {
      const headers = { ...copy.reqheaders };
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') headers[name] = `Bearer ${SCRUBBED.accessToken}`;
      copy.reqheaders = headers;
    }
    let json = JSON.stringify(copy);
    for (const secret of known) json = json.split(JSON.stringify(secret).slice(1, -1)).join('scrubbed');
    return JSON.parse(json) as Definition;
  });
}
