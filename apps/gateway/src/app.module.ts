import { Names } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import { CountReporter, PresenceTable, ReportPacer, combineListeners } from '@livecast/presence';
import { ServiceRuntimeModule, messageStreamProvider, roomPolicyProviders, tokenVerifierProvider, type ServiceInfo } from '@livecast/service-runtime';
import { FrameWriter } from '@livecast/socket-delivery';
import { Module, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { ConnectionRegistry } from './connections/connection-registry';
import { PresenceReporter } from './presence/presence-reporter.service';
import { JoinService } from './rooms/join.service';
import { RoomHub } from './rooms/room-hub.service';
import { SendService } from './send/send.service';
import { ConnectionHandler } from './socket/connection.handler';
import { SessionService } from './socket/session.service';
import { SocketServer } from './socket/socket-server.service';
import { systemClock, timerScheduler } from './timers';

/** Wires the gateway: socket.io edge, local presence, room interest, delivery, presence reports. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, info: ServiceInfo): DynamicModule {
    return {
      module: GatewayModule,
      imports: [ServiceRuntimeModule.forRoot(info)],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        tokenVerifierProvider(config, config.ALLOW_GUESTS),
        // A new epoch per process: membership never adds this process's deltas to a predecessor's counts.
        {
          provide: CountReporter,
          useValue: new CountReporter({
            gatewayId: info.instanceId,
            epoch: randomUUID(),
            heartbeatMs: config.PRESENCE_HEARTBEAT_MS,
            idleHeartbeatMs: config.PRESENCE_IDLE_HEARTBEAT_MS,
          }),
        },
        {
          provide: ReportPacer,
          inject: [CountReporter, Bus, Names],
          useFactory: (reporter: CountReporter, bus: Bus, names: Names) =>
            new ReportPacer({
              reporter,
              send: (report) => bus.publish(names.presence(report.gatewayId), report),
              deltaMs: config.PRESENCE_DELTA_MS,
              clock: systemClock,
              scheduler: timerScheduler,
            }),
        },
        { provide: FrameWriter, useValue: new FrameWriter({ slowBufferBytes: config.SLOW_CLIENT_BUFFER_BYTES, slowMaxMs: config.SLOW_CLIENT_MAX_MS, slowQueuedPackets: 64 }) },
        {
          provide: PresenceTable,
          inject: [CountReporter, ReportPacer],
          useFactory: (reporter: CountReporter, pacer: ReportPacer) =>
            new PresenceTable({
              maxConnectionsPerUser: config.MAX_CONNECTIONS_PER_USER,
              maxRoomsPerConnection: config.MAX_ROOMS_PER_CONNECTION,
              // The reporter first: the pacer's delta reads what the reporter accumulated.
              listener: combineListeners(reporter, pacer),
            }),
        },
        ConnectionRegistry,
        ...roomPolicyProviders,
        messageStreamProvider(config.PARTITIONS),
        RoomHub,
        JoinService,
        SendService,
        SessionService,
        ConnectionHandler,
        SocketServer,
        PresenceReporter,
      ],
    };
  }
}
