export { leaseFor, nextLeaseStep, wantsMore, type LeaseRecord, type LeaseStep } from './lease';
