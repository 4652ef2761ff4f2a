import type { FastifyError, FastifyInstance } from 'fastify';
import { HubError, type HubErrorCode, type HubErrorShape } from '../../contracts';

/** One HTTP status per HubError code: the body is always the HubError shape `{code, message, issues?}`. */
export const statusOf: Readonly<Record<HubErrorCode, number>> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  password_change_required: 403,
  not_found: 404,
  unknown_command: 404,
  conflict: 409,
  rate_limited: 429,
  channel_unavailable: 503,
  internal: 500,
};

function shapeOf(error: unknown): HubErrorShape {
  if (error instanceof HubError) return error.toShape();
  const e = error as Partial<FastifyError>;
  // Fastify's own refusals: a body that is not JSON, too large, a wrong content type.
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 413) return { code: 'invalid_input', message: 'the request body is too large' };
    if (e.statusCode === 415) return { code: 'invalid_input', message: 'send the body as application/json' };
    return { code: 'invalid_input', message: 'the request body is not valid JSON' };
  }
  return { code: 'internal', message: 'something went wrong on the hub; it has been logged' };
}

/** Every error under /api/v1 in the one shape, with its status; unexpected ones are logged, never echoed. */
export function registerErrorShapes(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const shape = shapeOf(error);
    if (shape.code === 'internal') request.log.error({ err: error }, 'public API request failed');
    return reply.code(statusOf[shape.code]).send(shape);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ code: 'not_found', message: 'no such API route (see /api/v1/openapi.json)' } satisfies HubErrorShape),
  );
}
