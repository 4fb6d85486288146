import { ErrorCode, LivecastError } from '@livecast/contracts';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Invalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.TooLong]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.RoomNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RoomExists]: HttpStatus.CONFLICT,
  [ErrorCode.RoomClosed]: HttpStatus.CONFLICT,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Maps every client-facing failure of the membership HTTP API to `{ error: { code, message, field? } }` with a fitting status. */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      // 5xx HttpExceptions carry their own body (the readiness report): pass it through.
      if (status >= 500) {
        response.status(status).json(body);
        return;
      }
      const code = status === HttpStatus.NOT_FOUND ? ErrorCode.NotFound : ErrorCode.Invalid;
      const message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : exception.message;
      response.status(status).json({ error: { code, message } });
      return;
    }
    const error = LivecastError.from(exception);
    const status = STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'admin request failed');
    response.status(status).json({ error: error.toWire() });
  }
}
