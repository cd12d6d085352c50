import { AdapterConnectionError, LedgersyncError } from '@ledgersync/sdk';

/** A document Frappe answered with: `{"data": {...}}` of `/api/resource/<Doctype>`. */
export interface FrappeDocument {
  name: string;
  docstatus?: number;
  [field: string]: unknown;
}

/** Frappe refused a document (HTTP 417 ValidationError and the like): its own message, never our credentials. */
export class FrappeValidationError extends LedgersyncError {
  constructor(readonly doctype: string, readonly status: number, readonly excType: string, detail: string) {
    super('ERPNEXT_REST_REJECTED', `${doctype}: ${excType} (HTTP ${status}): ${detail}`);
  }
}

/**
 * The part of Frappe's REST API push needs: insert a document (with `docstatus: 1` Frappe inserts
 * and submits it in one call, running the doctype's validate/on_submit — the GL and Payment Ledger
 * rows come from ERPNext itself). Token auth: `Authorization: token <api key>:<api secret>`; the
 * secret goes into that header only, never into an error or a log.
 */
export class FrappeClient {
  private readonly base: string;

  constructor(url: string, private readonly apiKey: string, private readonly apiSecret: string) {
    this.base = url.replace(/\/+$/, '');
  }

  async insert(doctype: string, doc: Record<string, unknown>): Promise<FrappeDocument> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/resource/${encodeURIComponent(doctype)}`, {
        method: 'POST',
        headers: { Authorization: `token ${this.apiKey}:${this.apiSecret}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(doc),
      });
    } catch (cause) {
      throw new AdapterConnectionError(`cannot reach the ERPNext site (${(cause as { cause?: { code?: string } }).cause?.code ?? 'network error'})`, 'url');
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) throw new AdapterConnectionError(`the ERPNext site refused the API key (HTTP ${response.status})`, 'apiKey');
    const body = parse(text);
    if (!response.ok) throw new FrappeValidationError(doctype, response.status, String(body?.exc_type ?? 'error'), serverMessages(body) ?? text.slice(0, 200));
    const data = body?.data as FrappeDocument | undefined;
    if (!data || typeof data.name !== 'string') throw new FrappeValidationError(doctype, response.status, 'UnexpectedResponse', 'no data.name in the answer');
    return data;
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Frappe's `_server_messages`: a JSON list of JSON objects with a `message`. */
function serverMessages(body: Record<string, unknown> | undefined): string | undefined {
  if (typeof body?._server_messages !== 'string') return typeof body?.exception === 'string' ? body.exception : undefined;
  try {
    return (JSON.parse(body._server_messages) as string[]).map((m) => String((JSON.parse(m) as { message?: string }).message ?? m)).join('; ');
  } catch {
    return body._server_messages;
  }
}
