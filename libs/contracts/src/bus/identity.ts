import { ErrorCode, LivecastError } from '../errors';

export const SERVICE_NAMES = ['gateway', 'membership', 'ingest', 'fanout'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Who speaks on the bus. Gateways are told apart per instance (each reports presence as
 * itself); the other services share one identity among their replicas.
 */
export type BusIdentity = { service: 'gateway'; instanceId: string } | { service: Exclude<ServiceName, 'gateway'> };

/** The identity a service instance connects as; throws INVALID for an unknown service or a bad gateway id. */
export function busIdentity(service: string, instanceId: string): BusIdentity {
  if (service === 'gateway') {
    if (!INSTANCE_ID_PATTERN.test(instanceId)) throw new LivecastError(ErrorCode.Invalid, `gateway id must match ${INSTANCE_ID_PATTERN}`, 'instanceId');
    return { service, instanceId };
  }
  if (service === 'membership' || service === 'ingest' || service === 'fanout') return { service };
  throw new LivecastError(ErrorCode.Invalid, `unknown service "${service}"; expected one of ${SERVICE_NAMES.join(', ')}`, 'service');
}
