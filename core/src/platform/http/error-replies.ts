import { LedgersyncError } from '@ledgersync/sdk';
import { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError } from '../errors';

/** What fastify's own 4xx errors become: a stable code and a sentence that echoes nothing the client sent. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'PLATFORM_UNSUPPORTED_MEDIA_TYPE', message: 'request bodies must be application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PLATFORM_BODY_TOO_LARGE', message: 'the request body exceeds the platform body limit' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'PLATFORM_BAD_REQUEST', message: 'the request body does not match its Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'PLATFORM_BAD_JSON', message: 'the request body is empty but says it is JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'PLATFORM_BAD_JSON', message: 'the request body is not JSON' },
  FST_ERR_BAD_URL: { status: 400, code: 'PLATFORM_BAD_URL', message: 'the request URL is malformed' },
};

/**
 * One error reply for every route. Errors the platform raises on purpose carry their own code and
 * sentence (they name dossiers and fields, never secrets). Anything else (a database error whose
 * message holds SQL and values, a bug) is logged by code and answered with a request id only.
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const err = error as { code?: unknown; statusCode?: unknown; validation?: unknown; validationContext?: string; message?: string };
  if (err.validation) {
    reply.code(400).send({ error: { code: 'PLATFORM_INVALID_REQUEST', message: `${err.message ?? 'the request does not match its schema'}` } });
    return;
  }
  if (error instanceof PlatformError) {
    reply.code(error.status).send({ error: { code: error.code, message: error.message } });
    return;
  }
  if (error instanceof LedgersyncError) {
    reply.code(400).send({ error: { code: error.code, message: error.message } });
    return;
  }
  const framework = typeof err.code === 'string' ? FRAMEWORK_ERRORS[err.code] : undefined;
  if (framework) {
    reply.code(framework.status).send({ error: { code: framework.code, message: framework.message } });
    return;
  }
  if (err.code === 'PLATFORM_BUSY') {
    reply.code(503).send({ error: { code: 'PLATFORM_BUSY', message: err.message } });
    return;
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : undefined;
  if (error instanceof SyntaxError || (status !== undefined && status >= 400 && status < 500)) {
    reply.code(status ?? 400).send({ error: { code: 'PLATFORM_BAD_REQUEST', message: 'the request is malformed' } });
    return;
  }
  request.log.error({ errorName: (error as Error)?.name, errorCode: typeof err.code === 'string' ? err.code : undefined }, 'request failed');
  reply.code(500).send({ error: { code: 'PLATFORM_INTERNAL', message: `the platform failed on this request (request ${request.id}); its log has the details` } });
}
