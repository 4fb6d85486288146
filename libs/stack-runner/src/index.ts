export { findNatsServer, findOrStartNats, freePort, isReachable, reachableServers, startNatsServer, stopChild, type NatsHandle } from './nats-server';
export { startService, type AppName, type LineSink, type ServiceProcess } from './service-process';
export { sharedEnv, startGateway, startStack, type Stack, type StackOptions } from './stack';
