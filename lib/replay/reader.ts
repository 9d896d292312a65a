import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { PhaseChange } from '@/lib/migration/types';
import {
  headerV1Schema,
  headerV2Schema,
  lineSchemas,
  MAX_FILE_BYTES,
  MAX_LINE_BYTES,
  MAX_RECORDS,
  MAX_TEXT_BYTES,
  messageSchema,
} from './schema';
import type { MessageKind, RecordedMessage, Recording, RecordingHeader, RecordLine } from './types';

export type RecordingErrorReason =
  'unreadable' | 'too_large' | 'too_many_records' | 'not_a_recording' | 'unsupported_version';

/** Why a file cannot be replayed at all; `reason` is stable, the message names the file. */
export class RecordingError extends Error {
  override name = 'RecordingError';
  constructor(
    readonly reason: RecordingErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** The reader's bounds; tests lower them. */
export interface RecordingLimits {
  maxTextBytes: number;
  maxLineBytes: number;
  maxRecords: number;
}

export const DEFAULT_LIMITS: RecordingLimits = {
  maxTextBytes: MAX_TEXT_BYTES,
  maxLineBytes: MAX_LINE_BYTES,
  maxRecords: MAX_RECORDS,
};

/**
 * Loads a recording file (gzip NDJSON, or plain NDJSON) whole: recordings are minutes
 * long. The file's size is checked before it is read and its decompressed size while it
 * is inflated (MAX_FILE_BYTES, MAX_TEXT_BYTES); see parseRecording for the lines.
 */
export function readRecording(file: string): Recording {
  let raw: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      throw new RecordingError(
        'too_large',
        `${file} is ${size} bytes; a recording may be ${MAX_FILE_BYTES}`,
      );
    }
    raw = readFileSync(file);
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError(
      'unreadable',
      `cannot read recording ${file}: ${(err as Error).message}`,
    );
  }
  return parseRecording(raw, file);
}

/**
 * Decodes a recording's bytes. Work is bounded before anything is allocated for it: the
 * inflated size (MAX_TEXT_BYTES), each line's length (a line over MAX_LINE_BYTES is
 * counted and skipped without becoming a string) and the number of lines (MAX_RECORDS,
 * beyond which the recording is refused rather than silently cut). Lines that fail
 * validation are counted in `skipped`, never replayed. v1 files are read as v2 with
 * messages only.
 */
export function parseRecording(
  raw: Buffer,
  file = 'recording',
  limits: RecordingLimits = DEFAULT_LIMITS,
): Recording {
  const { maxTextBytes, maxLineBytes, maxRecords } = limits;
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: maxTextBytes });
    } catch (err) {
      const tooLarge = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new RecordingError(
        tooLarge ? 'too_large' : 'unreadable',
        tooLarge
          ? `${file} inflates beyond ${maxTextBytes} bytes`
          : `cannot inflate ${file}: ${(err as Error).message}`,
      );
    }
  } else if (raw.length > maxTextBytes) {
    throw new RecordingError('too_large', `${file} is larger than ${maxTextBytes} bytes`);
  }

  const recording = emptyRecording();
  let header: RecordingHeader | null = null;
  let records = 0;
  let lastT = 0;
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const length = end - start;
    const lineStart = start;
    start = end + 1;
    if (length === 0 || (length === 1 && bytes[lineStart] === 0x0d)) continue;
    records += 1;
    if (records > maxRecords) {
      throw new RecordingError(
        'too_many_records',
        `${file} has more than ${maxRecords} lines; split it`,
      );
    }
    if (length > maxLineBytes) {
      if (header === null) throw notARecording(file);
      recording.skipped.tooLong += 1;
      continue;
    }
    const textLine = bytes.toString('utf8', lineStart, end);
    if (header === null) {
      header = parseHeader(textLine, file);
      continue;
    }
    const parsed = header.v === 1 ? parseV1Line(textLine) : parseV2Line(textLine);
    if (parsed === 'invalid') recording.skipped.invalid += 1;
    else if (parsed === 'unknown') recording.skipped.unknownType += 1;
    else {
      add(recording, parsed);
      lastT = Math.max(lastT, parsed.t);
    }
  }
  if (header === null) throw notARecording(file);

  sortAll(recording);
  const { skipped } = recording;
  return {
    ...recording,
    header,
    startMs: Date.parse(header.recordedAt),
    durationMs: header.durationMs ?? lastT,
    kinds: recording.messages.map(kindOf),
    invalidLines: skipped.invalid + skipped.tooLong + skipped.unknownType,
  };
}

function notARecording(file: string): RecordingError {
  return new RecordingError(
    'not_a_recording',
    `${file} is not a Cutover recording (bad header line)`,
  );
}

function parseHeader(textLine: string, file: string): RecordingHeader {
  let json: unknown;
  try {
    json = JSON.parse(textLine);
  } catch {
    throw notARecording(file);
  }
  const v = (json as { v?: unknown } | null)?.v;
  if ((json as { cutover?: unknown } | null)?.cutover !== 'recording') throw notARecording(file);
  if (v !== 1 && v !== 2) {
    throw new RecordingError(
      'unsupported_version',
      `${file} is a version ${String(v)} recording; this Cutover reads versions 1 and 2`,
    );
  }
  const parsed = (v === 1 ? headerV1Schema : headerV2Schema).safeParse(json);
  if (!parsed.success) throw notARecording(file);
  return parsed.data as RecordingHeader;
}

function parseV1Line(textLine: string): RecordLine | 'invalid' {
  const parsed = messageSchema.safeParse(safeJson(textLine));
  return parsed.success ? { type: 'msg', ...parsed.data } : 'invalid';
}

function parseV2Line(textLine: string): RecordLine | 'invalid' | 'unknown' {
  const json = safeJson(textLine);
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return 'invalid';
  if (!Object.hasOwn(lineSchemas, type)) return 'unknown';
  const parsed = lineSchemas[type as keyof typeof lineSchemas].safeParse(json);
  return parsed.success ? (parsed.data as RecordLine) : 'invalid';
}

function safeJson(textLine: string): unknown {
  try {
    return JSON.parse(textLine);
  } catch {
    return undefined;
  }
}

type Lists = Omit<Recording, 'header' | 'startMs' | 'durationMs' | 'kinds' | 'invalidLines'>;

function emptyRecording(): Lists {
  return {
    messages: [],
    groups: [],
    phases: [],
    gates: [],
    cluster: [],
    clusterSnapshots: [],
    faults: [],
    probes: [],
    skipped: { invalid: 0, tooLong: 0, unknownType: 0 },
  };
}

function add(r: Lists, line: RecordLine): void {
  switch (line.type) {
    case 'msg':
      r.messages.push({ t: line.t, s: line.s, d: line.d });
      return;
    case 'groups':
      r.groups.push(line);
      return;
    case 'phase':
      r.phases.push({ ...line, change: line.change as PhaseChange });
      return;
    case 'gate':
      r.gates.push(line);
      return;
    case 'cluster':
      r.cluster.push(line);
      return;
    case 'cluster-snapshot':
      r.clusterSnapshots.push(line);
      return;
    case 'fault':
      r.faults.push(line);
      return;
    case 'probe':
      r.probes.push(line);
      return;
  }
}

function sortAll(r: Lists): void {
  const byT = (a: { t: number }, b: { t: number }) => a.t - b.t;
  // Stable sorts: lines written at the same ms keep their order.
  for (const list of [
    r.messages,
    r.groups,
    r.phases,
    r.gates,
    r.cluster,
    r.clusterSnapshots,
    r.faults,
    r.probes,
  ] as { t: number }[][])
    list.sort(byT);
}

/** What a message is, from its subject and (for samples) its `metric` field. */
function kindOf(m: RecordedMessage): MessageKind {
  if (m.s.startsWith('cutover.v1.parity.')) return 'parity';
  if (!m.s.startsWith('cutover.v1.samples.')) return 'other';
  const metric = (safeJson(m.d) as { metric?: unknown } | undefined)?.metric;
  return metric === undefined || metric === 'e2e' ? 'e2e' : 'probe';
}
