import { ApiKeyRing, TokenVerifier } from '@livecast/auth';
import { API_KEY_HEADER, type Principal } from '@livecast/contracts';
import { Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

type AuthedRequest = Request & { principal?: Principal };

/**
 * Establishes the caller of every admin route: a back-end service by its API key
 * (`X-Api-Key`, acting as an admin), or a user by a bearer token. Role and room checks
 * happen per action.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly apiKeys: ApiKeyRing,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const apiKey = request.headers[API_KEY_HEADER];
    request.principal = typeof apiKey === 'string' ? this.apiKeys.verify(apiKey) : (await this.verifier.verifyBearer(request.headers.authorization)).principal;
    return true;
  }
}

/** The caller established by CallerGuard. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Error('CallerGuard did not run');
  return principal;
});
