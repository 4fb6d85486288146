export type { Cancel, Clock, Scheduler, PresenceListener } from './types';
export { combineListeners } from './combine-listeners';
export {
  PresenceTable,
  type PresenceTableOptions,
  type JoinResult,
  type LeaveResult,
  type RemovedConnection,
} from './presence-table';
export { RoomInterest, type InterestSink, type RoomInterestOptions } from './room-interest';
export { CountReporter, type CountReporterOptions } from './count-reporter';
export { OnlineAggregator, MISSED_HEARTBEATS, type ApplyOutcome, type GatewayInfo } from './online-aggregator';
export { RecentMessages } from './recent-messages';
export { ReportPacer, type ReportPacerOptions, type RoomCounts } from './report-pacer';
