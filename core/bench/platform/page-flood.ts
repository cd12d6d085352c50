/**
 * A child process for the platform-pages bench: posts `count` changeset pages of `megabytes` MB at
 * once, each streamed in 1 MB chunks (so the client's memory is not the platform's), and prints
 * the status codes as JSON. usage: node page-flood.js <url> <count> <megabytes>; credential in LEDGERSYNC_CONNECTOR_CREDENTIAL.
 */
import { request } from 'node:http';

function post(url: URL, megabytes: number, credential: string): Promise<number> {
  const head = '{"changesetId":"flood","dossierId":"D","sequence":1,"operations":[],"padding":"';
  const tail = '"}';
  const chunk = 'x'.repeat(1024 * 1024);
  const length = head.length + megabytes * chunk.length + tail.length;
  return new Promise((resolve) => {
    const call = request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/api/changesets/pages?task=1', headers: { host: url.host, 'content-type': 'application/json', 'content-length': String(length), authorization: `Bearer ${credential}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', () => resolve(0));
    call.write(head);
    let sent = 0;
    const next = (): void => {
      while (sent < megabytes) {
        sent += 1;
        if (!call.write(chunk)) return void call.once('drain', next);
      }
      call.end(tail);
    };
    next();
  });
}

async function main(): Promise<void> {
  const [url, count, megabytes] = process.argv.slice(2);
  const statuses = await Promise.all(Array.from({ length: Number(count) }, () => post(new URL(url), Number(megabytes), process.env.LEDGERSYNC_CONNECTOR_CREDENTIAL ?? '')));
  process.stdout.write(JSON.stringify(statuses));
}

void main();
