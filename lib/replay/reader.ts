import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  recordedMessageSchema,
  recordingHeaderSchema,
  type RecordedMessage,
  type RecordingHeader,
} from './format';

export interface Recording {
  header: RecordingHeader;
  messages: RecordedMessage[];
  /** Lines that failed validation; reported, never replayed. */
  invalidLines: number;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** Loads a recording file (gzip NDJSON, or plain NDJSON) whole; recordings are minutes long. */
export function readRecording(file: string): Recording {
  let text: string;
  try {
    const raw = readFileSync(file);
    text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  } catch (err) {
    throw new RecordingError(`cannot read recording ${file}: ${(err as Error).message}`);
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines.shift();
  let header: RecordingHeader;
  try {
    header = recordingHeaderSchema.parse(JSON.parse(first ?? ''));
  } catch {
    throw new RecordingError(`${file} is not a Cutover recording (bad header line)`);
  }
  const messages: RecordedMessage[] = [];
  let invalidLines = 0;
  for (const line of lines) {
    try {
      messages.push(recordedMessageSchema.parse(JSON.parse(line)));
    } catch {
      invalidLines += 1;
    }
  }
  messages.sort((a, b) => a.t - b.t);
  return { header, messages, invalidLines };
}
