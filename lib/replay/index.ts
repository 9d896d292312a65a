export {
  recordedMessageSchema,
  recordingHeaderSchema,
  shiftTimes,
  type RecordedMessage,
  type RecordingHeader,
} from './format';
export { ReplayPlayer, type PlayerOptions } from './player';
export { readRecording, RecordingError, type Recording } from './reader';
