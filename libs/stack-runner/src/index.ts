export { BusCredentials, type BusCredentialsSnapshot, type NatsLogin } from './bus-credentials';
export { renderAuthorization, renderClusterNodeConfig, renderServerConfig, type NatsClusterNodeConfig, type NatsSecret, type NatsServerConfig, type NatsUser } from './nats-config';
export { metaLeaderOf, NatsCluster, type ClusterNodeInfo, type JszReply, type NatsClusterOptions, type StreamReplicaState } from './nats-cluster';
export { findNatsServer, findOrStartNats, freePort, freePorts, isReachable, reachableServers, startNatsServer, stopChild, type NatsHandle, type NatsServerOptions } from './nats-server';
export { assertPortsFree, findBusyPorts, PortsInUseError, type PortClaim } from './port-check';
export { parsePidStat, readProcesses, type ProcessReading, type WatchedProcess } from './process-reading';
export { DEV_RESTART_POLICY, RestartPolicy, type RestartDecision, type RestartPolicyOptions } from './restart-policy';
export { bundlesFromOption, startProcess, startService, type AppName, type LineSink, type ProcessSpec, type ServiceProcess, type ServiceStartOptions, type StartOptions } from './service-process';
export { ServiceStartError } from './service-start-error';
export { gatewayIdsOf, instanceEnv, sharedEnv, startGateway, startStack, type Stack, type StackOptions } from './stack';
export { StartupGroup, stopInOrder, type Launch } from './startup-group';
export { describeSupervisionEvent, SupervisedService, type SupervisionEvent, type SupervisionOptions } from './supervisor';
export {
  deploymentAuthFile,
  deploymentAuthorization,
  deploymentHelmValues,
  deploymentIdentities,
  HELM_AUTH_FILE,
  passwordVariable,
  secretKeyOf,
  secretNameOf,
  statefulSetPodNames,
  type DeploymentAuthOptions,
} from './deployment-auth';
export { DeliveryLedger, type ClientOutcome, type Delivery, type LedgerOutcome, type Span, type VisibleGap } from './delivery-ledger';
export { faultViolations, renderFaultTable, type FaultLimits, type FaultRow } from './fault-table';
export { seqDisagreements, type SeqClaim, type SeqDisagreement } from './seq-agreement';
