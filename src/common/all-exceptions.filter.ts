import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-body';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const language = request?.language ?? 'en';
    const body = toErrorBody(exception, language);
    if (body.statusCode === 503) {
      // A fault of the moment (the database away or locked): one line, no stack per request.
      this.logger.warn({ requestId: request?.id, url: request?.url, reason: reasonOf(exception) }, 'Service unavailable');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request?.id, url: request?.url }, 'Unhandled error');
    }
    if (typeof body.retryAfterSeconds === 'number') void reply.header('retry-after', String(body.retryAfterSeconds));
    void reply.header('content-language', language);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** The driver's words behind a 503, for the log only. */
function reasonOf(exception: unknown): string {
  const cause = (exception as { cause?: unknown })?.cause ?? exception;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
