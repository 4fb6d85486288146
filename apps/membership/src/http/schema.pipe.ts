import { ErrorCode, LivecastError, createValidator, RoomIdSchema, UserIdSchema, type Validator } from '@livecast/contracts';
import type { PipeTransform } from '@nestjs/common';

/** Validates a request body against a contracts schema; failures become 400 with the field named. */
export class SchemaPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly validator: Validator<T>) {}

  transform(value: unknown): T {
    return this.validator.parse(value);
  }
}

/** Validates a path parameter, naming it in the error. */
export class PathParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly name: string,
    private readonly validator: Validator<string>,
  ) {}

  transform(value: unknown): string {
    if (this.validator.is(value)) return value;
    throw new LivecastError(ErrorCode.Invalid, `${this.name}: ${String(this.validator.schema.description ?? 'invalid')}`, this.name);
  }
}

export const roomIdParam = new PathParamPipe('id', createValidator(RoomIdSchema));
export const userIdParam = new PathParamPipe('userId', createValidator(UserIdSchema));
