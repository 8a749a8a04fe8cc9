import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeFrom, pick, type Localized } from '../i18n/index.ts';

/**
 * An error a caller can act on: a stable `code`, an HTTP status and a message in both locales.
 * The HTTP layer renders it as RFC 9457 problem+json; services throw it without knowing about HTTP.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly text: Localized,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(text.en);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, text: Localized, extra?: Record<string, unknown>) => new AppError(code, 400, text, extra);
export const unauthorized = (code: string, text: Localized) => new AppError(code, 401, text);
export const forbidden = (code: string, text: Localized) => new AppError(code, 403, text);
export const notFound = (code: string, text: Localized) => new AppError(code, 404, text);
export const conflict = (code: string, text: Localized, extra?: Record<string, unknown>) => new AppError(code, 409, text, extra);

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extra: string]: unknown;
}

export function problemOf(err: AppError, request: FastifyRequest): Problem {
  return {
    type: `https://xinrong.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    detail: pick(err.text, localeFrom(request.headers['accept-language'])),
    code: err.code,
    instance: request.url.split('?')[0],
    ...err.extra,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  return reply.status(err.status).type('application/problem+json; charset=utf-8').send(problemOf(err, request));
}

/** Maps framework errors (validation, body size, malformed JSON) to stable codes; unknown errors to 500. */
export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    return badRequest('VALIDATION_FAILED', {
      zh: `请求参数不合法：${fe.message}`,
      en: `The request is not valid: ${fe.message}`,
    }, { errors: fe.validation.map((v) => ({ path: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '', message: v.message })) });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', 413, { zh: '请求体过大', en: 'The request body is too large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { zh: '不支持的内容类型', en: 'Unsupported content type' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('BODY_MALFORMED', { zh: 'JSON 格式错误', en: 'The body is not valid JSON' });
  }
  if (fe.statusCode === 400 && err instanceof SyntaxError) {
    return badRequest('BODY_MALFORMED', { zh: 'JSON 格式错误', en: 'The body is not valid JSON' });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.code ?? 'REQUEST_REJECTED', fe.statusCode, { zh: '请求被拒绝', en: fe.message });
  }
  return new AppError('INTERNAL', 500, { zh: '服务器内部错误，已记录', en: 'Internal server error; it has been logged' });
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err as FastifyError);
    if (appErr.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(reply, request, appErr);
  });
}
