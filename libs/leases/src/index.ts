export { leaseFor, nextLeaseStep, releasedLease, wantsMore, type LeaseRecord, type LeaseStep } from './lease';
