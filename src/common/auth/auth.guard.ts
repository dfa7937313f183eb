import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import type { Caller, HumanRole } from './caller';
import { TokenService } from './token.service';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedError('auth.headerRequired');
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match) throw new UnauthorizedError('auth.headerFormat');
    const caller = await this.tokens.verify(match[1]);
    request.caller = caller;

    const roles = this.reflector.getAllAndOverride<HumanRole[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new ForbiddenError('auth.roleRefused', { roles: roles.join(', '), role: caller.role });
    }
    return true;
  }
}
