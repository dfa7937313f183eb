import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLanguage, type Language } from './language';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this request's answer, from Accept-Language (set in an onRequest hook). */
    language: Language;
  }
}

/** Negotiates the answer's language once per request and says it in `Content-Language`. */
export function languageHook(fallback: Language) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    request.language = negotiateLanguage(request.headers['accept-language'], fallback);
    void reply.header('content-language', request.language);
    done();
  };
}

/** The language of the answer, for a handler whose answer holds texts a person reads. */
export const RequestLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): Language => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return request.language ?? 'en';
});
