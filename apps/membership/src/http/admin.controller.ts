import {
  CreateRoomBodySchema,
  ModerationBodySchema,
  RoomViewSchema,
  createRoomBody,
  moderationBody,
  type CreateRoomBody,
  type ModerationBody,
  type Principal,
} from '@livecast/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ModerationService, type ModerationAction } from '../moderation/moderation.service';
import { RoomsService } from '../rooms/rooms.service';
import { Caller, CallerGuard } from './caller.guard';
import { SchemaPipe, roomIdParam, userIdParam } from './schema.pipe';

// TypeBox schemas are JSON Schema already: handed to Swagger as they are.
const asOpenApi = (schema: object) => schema as Record<string, unknown>;

/** The admin HTTP API: rooms and moderation. Each handler validates, then delegates. */
@ApiTags('rooms')
@ApiBearerAuth()
@ApiSecurity('api-key')
@UseGuards(CallerGuard)
@Controller('rooms')
export class AdminController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly moderation: ModerationService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a room (role host or admin; only admins name another hostId); its host or an admin re-opens a closed one' })
  @ApiBody({ schema: asOpenApi(CreateRoomBodySchema) })
  @ApiOkResponse({ schema: asOpenApi(RoomViewSchema) })
  open(@Body(new SchemaPipe(createRoomBody)) body: CreateRoomBody, @Caller() caller: Principal) {
    return this.rooms.open(body, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a room with its online count' })
  @ApiOkResponse({ schema: asOpenApi(RoomViewSchema) })
  get(@Param('id', roomIdParam) id: string) {
    return this.rooms.get(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Close a room: every viewer is removed, history is kept' })
  close(@Param('id', roomIdParam) id: string, @Caller() caller: Principal) {
    return this.rooms.close(id, caller);
  }

  @Post(':id/bans')
  @ApiOperation({ summary: 'Ban a user from the room (removes them at once)' })
  @ApiBody({ schema: asOpenApi(ModerationBodySchema) })
  ban(@Param('id', roomIdParam) id: string, @Body(new SchemaPipe(moderationBody)) body: ModerationBody, @Caller() caller: Principal) {
    return this.moderation.impose(id, 'ban', body, caller);
  }

  @Delete(':id/bans/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a ban' })
  unban(@Param('id', roomIdParam) id: string, @Param('userId', userIdParam) userId: string, @Caller() caller: Principal) {
    return this.lift(id, 'ban', userId, caller);
  }

  @Post(':id/mutes')
  @ApiOperation({ summary: 'Mute a user in the room: they may watch, not send' })
  @ApiBody({ schema: asOpenApi(ModerationBodySchema) })
  mute(@Param('id', roomIdParam) id: string, @Body(new SchemaPipe(moderationBody)) body: ModerationBody, @Caller() caller: Principal) {
    return this.moderation.impose(id, 'mute', body, caller);
  }

  @Delete(':id/mutes/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a mute' })
  unmute(@Param('id', roomIdParam) id: string, @Param('userId', userIdParam) userId: string, @Caller() caller: Principal) {
    return this.lift(id, 'mute', userId, caller);
  }

  @Post(':id/kicks')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from the room on every gateway; they may join again' })
  @ApiBody({ schema: asOpenApi(ModerationBodySchema) })
  kick(@Param('id', roomIdParam) id: string, @Body(new SchemaPipe(moderationBody)) body: ModerationBody, @Caller() caller: Principal) {
    return this.moderation.kick(id, body, caller);
  }

  private lift(id: string, action: ModerationAction, userId: string, caller: Principal) {
    return this.moderation.lift(id, action, userId, caller);
  }
}
