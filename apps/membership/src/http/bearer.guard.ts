import { TokenVerifier } from '@livecast/auth';
import type { Principal } from '@livecast/contracts';
import { Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

type AuthedRequest = Request & { principal?: Principal };

/** Requires a valid bearer token on every admin route; role checks happen per action. */
@Injectable()
export class BearerGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    request.principal = this.verifier.verifyBearer(request.headers.authorization);
    return true;
  }
}

/** The caller verified by BearerGuard. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Error('BearerGuard did not run');
  return principal;
});
