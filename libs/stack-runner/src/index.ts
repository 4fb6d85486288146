export { findNatsServer, findOrStartNats, freePort, isReachable, reachableServers, startNatsServer, stopChild, type NatsHandle, type NatsServerOptions } from './nats-server';
export { assertPortsFree, findBusyPorts, PortsInUseError, type PortClaim } from './port-check';
export { DEV_RESTART_POLICY, RestartPolicy, type RestartDecision, type RestartPolicyOptions } from './restart-policy';
export { startProcess, startService, type AppName, type LineSink, type ProcessSpec, type ServiceProcess, type StartOptions } from './service-process';
export { ServiceStartError } from './service-start-error';
export { sharedEnv, startGateway, startStack, type Stack, type StackOptions } from './stack';
export { StartupGroup, stopInOrder, type Launch } from './startup-group';
export { describeSupervisionEvent, SupervisedService, type SupervisionEvent, type SupervisionOptions } from './supervisor';
