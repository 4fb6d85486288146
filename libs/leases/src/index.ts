export { leaseFor, nextConsumerSlot, nextLeaseStep, releasedLease, wantsMore, type LeaseCarry, type LeaseRecord, type LeaseStep } from './lease';
