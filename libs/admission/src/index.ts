export {
  AdmissionCache,
  type AdmissionCacheOptions,
  type AdmissionIntent,
  type AdmissionStatus,
  type ModerationAction,
} from './admission-cache';
export { bannedError, mutedError } from './admission-errors';
export { isRoomStaff, sendRefusal } from './send-policy';
