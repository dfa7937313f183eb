import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import type { Caller } from '../common/auth/caller';
import { PeopleDirectory } from './people-directory';

/**
 * Records officers, managers and admins in the people directory after a request of theirs
 * succeeded: a refused request changes nothing stored, and the answer leaves only once the
 * directory is up to date (a write happens only when the token says something new).
 */
@Injectable()
export class PeopleDirectoryInterceptor implements NestInterceptor {
  constructor(private readonly people: PeopleDirectory) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    // Nearly every request is of someone already recorded as the token describes them: no work then.
    if (!request.caller || this.people.isCurrent(request.caller, request.language ?? 'en')) return next.handle();
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        if (request.caller) await this.people.see(request.caller, request.language ?? 'en');
        return body;
      }),
    );
  }
}
