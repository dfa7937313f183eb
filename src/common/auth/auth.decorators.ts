import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Caller, HumanRole } from './caller';

export const PUBLIC_ROUTE = 'auth:public';
export const ROUTE_ROLES = 'auth:roles';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; every other authenticated caller gets 403. */
export const Roles = (...roles: HumanRole[]) => SetMetadata(ROUTE_ROLES, roles);

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!request.caller) throw new Error('CurrentCaller used on a public route');
  return request.caller;
});
