import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../common/auth/caller';
import type { PeopleDirectory } from './people-directory';

/**
 * Records officers, managers and admins in the people directory after a request of theirs
 * succeeded: a refused request changes nothing stored, and the answer leaves only once the
 * directory is up to date (a write happens only when the token says something new).
 *
 * A Fastify `onSend` hook rather than a Nest interceptor: a global interceptor puts every request of
 * every route through rxjs, about a fifth of a plain read's CPU (issue 16's profile); the hook is
 * one call that, for nearly every request, finds the caller recorded as the token describes them.
 */
export function peopleDirectoryHook(people: PeopleDirectory) {
  return (request: FastifyRequest & { caller?: Caller }, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload: unknown) => void): void => {
    const caller = request.caller;
    if (!caller || reply.statusCode >= 400 || people.isCurrent(caller, request.language)) return done(null, payload);
    // see() never rejects: a directory that cannot be written is logged, and the answer goes out.
    void people.see(caller, request.language).then(() => done(null, payload));
  };
}
