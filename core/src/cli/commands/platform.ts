/**
 * `ledgersync platform connectors|accountants …`: the platform operator's access management, on the
 * platform's database. Secrets (a connector's credential, an API token) are printed once, when
 * issued; the database keeps only their digests.
 */
import { Platform } from '../../platform';
import { parseArgs } from 'node:util';
import { openPlatformDatabase } from '../platform-database';

const USAGE = `usage: ledgersync platform <area> <action> [arguments] --database URL [--create] [--json]
  serve --database URL --port N [--host H]  run the platform's HTTP server (ledgersync platform serve --help)
  connectors add <connector>              issue a connector's credential (printed once; re-issuing replaces it)
  connectors list                         connectors, their credential's state and assigned dossiers
  connectors revoke <connector>           revoke the credential: the connector is refused from now on
  connectors assign <connector> <dossier>…  assign dossiers to a connector (moving them from another)
  accountants add <user>                  add an accountant; the password is read from stdin (one line)
  accountants list                        accountants and how many API tokens each holds
  accountants token <user>                issue an API token (printed once)
  accountants revoke-tokens <user>        revoke every API token of the accountant
  --database URL   the platform's store (sqlite:path, mysql://…); LEDGERSYNC_PLATFORM_DATABASE by default
  --create         create the store if the SQLite file does not exist (a mistyped path is refused otherwise)`;

type Action = (platform: Platform, args: string[], json: boolean) => Promise<string>;

const ACTIONS: Record<string, Action> = {
  'connectors add': async (platform, [connectorId]) => `${await platform.connectors.issue(need(connectorId, 'connector'))}\n`,
  'connectors list': async (platform, _args, json) => {
    const connectors = await platform.connectors.list();
    if (json) return `${JSON.stringify(connectors, null, 2)}\n`;
    return `${['CONNECTOR  ISSUED                    REVOKED                   DOSSIERS', ...connectors.map((c) => `${c.connectorId.padEnd(10)} ${c.issuedAt.padEnd(25)} ${(c.revokedAt ?? '-').padEnd(25)} ${c.dossiers.join(', ') || '-'}`)].join('\n')}\n`;
  },
  'connectors revoke': async (platform, [connectorId]) => {
    await platform.connectors.revoke(need(connectorId, 'connector'));
    return `revoked the credential of connector ${connectorId}\n`;
  },
  'connectors assign': async (platform, [connectorId, ...dossiers]) => {
    if (dossiers.length === 0) throw new Error('name at least one dossier to assign');
    await platform.connectors.assign(need(connectorId, 'connector'), dossiers);
    return `assigned ${dossiers.join(', ')} to connector ${connectorId}\n`;
  },
  'accountants add': async (platform, [userId]) => {
    await platform.accountants.add(need(userId, 'user'), await passwordFromStdin());
    return `added accountant ${userId}\n`;
  },
  'accountants list': async (platform, _args, json) => {
    const accountants = await platform.accountants.list();
    if (json) return `${JSON.stringify(accountants, null, 2)}\n`;
    return `${['USER                 CREATED                   TOKENS', ...accountants.map((a) => `${a.userId.padEnd(20)} ${a.createdAt.padEnd(25)} ${a.tokens}`)].join('\n')}\n`;
  },
  'accountants token': async (platform, [userId]) => `${await platform.accountants.issueToken(need(userId, 'user'))}\n`,
  'accountants revoke-tokens': async (platform, [userId]) => `revoked ${await platform.accountants.revokeTokens(need(userId, 'user'))} token(s) of ${userId}\n`,
};

export async function run(args: string[]): Promise<number> {
  // the long-running server has options of its own: its own module
  if (args[0] === 'serve') return (await import('./platform-serve')).run(args.slice(1));
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { database: { type: 'string' }, create: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [area, action, ...rest] = positionals;
  const run = ACTIONS[`${area} ${action}`];
  if (!run) {
    process.stderr.write(`ledgersync platform: unknown action ${[area, action].filter(Boolean).join(' ') || '(none)'}\n${USAGE}\n`);
    return 2;
  }
  const database = values.database ?? process.env.LEDGERSYNC_PLATFORM_DATABASE;
  if (!database) {
    process.stderr.write(`ledgersync platform: name the platform's store with --database URL\n`);
    return 2;
  }
  let platform: Platform | undefined;
  try {
    platform = await openPlatformDatabase(database, { create: values.create });
    process.stdout.write(await run(platform, rest, values.json ?? false));
    return 0;
  } catch (error) {
    process.stderr.write(`ledgersync platform ${area} ${action}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await platform?.close();
  }
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new Error(`name the ${what}`);
  return value;
}

/** The password from stdin, not an argument: arguments show in the process list and the shell's history. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  if (!password) throw new Error('no password on stdin (echo "$PASSWORD" | ledgersync platform accountants add <user> …)');
  return password;
}
