import { crc32 } from 'node:zlib';
import { fleetSeq, ownedDevices, type FleetShard } from './fleet-shard';
import { deviceIds, sensorPayload } from './payload';
import { OpenLoopSchedule } from './schedule';
import type { Fault, ProbeMessage } from './types';

/** Everything that decides a run's messages: plain data, so every sender thread gets a copy. */
export interface PlanSpec {
  probeId: string;
  /** The run's id: 16 hex digits, random at every start. */
  runId: string;
  /** Intended send time of message 0, Unix µs. */
  startUs: number;
  /** This probe's rate (its shard's part of the fleet's). */
  ratePerSecond: number;
  /** The fleet's device population; this probe writes its shard's range of it. */
  devices: number;
  shard: FleetShard;
  /** Consumer groups; a message belongs to group (device number mod groups). */
  groups: number;
  /** Floats in each payload's `metrics` array (128: the case study's 1.39 KB). */
  sensorValues: number;
  faults: (Fault & { every: number })[];
}

const RUN_ID = /^[0-9a-f]{16}$/;
/** The fleet sequence number in an id: 12 hex digits, 890 years at 10,000 msg/s. */
const SEQ = /^[0-9a-f]{12}$/;

/**
 * Message i of a run, the same wherever it is computed: id, device, bytes, CRC32 and
 * intended send time follow from the plan and i alone (the sensor readings from a hash of
 * the run and i). So each lane's sender thread writes its own copy of message i, byte for
 * byte the other lane's, without a message crossing between threads, and the main thread
 * registers it in the parity ledger from the same plan.
 */
export class MessagePlan {
  private readonly schedule: OpenLoopSchedule;
  private readonly devices: string[];
  private readonly firstDevice: number;
  private readonly idPrefix: string;
  private readonly seed: number;

  constructor(readonly spec: PlanSpec) {
    if (!RUN_ID.test(spec.runId)) throw new RangeError('runId must be 16 hex digits');
    this.schedule = new OpenLoopSchedule(spec.startUs, spec.ratePerSecond);
    const { from, to } = ownedDevices(spec.devices, spec.shard);
    if (to <= from) throw new RangeError('a shard needs at least one device');
    this.firstDevice = from;
    this.devices = deviceIds(to).slice(from);
    const r = spec.runId;
    // A UUID of version 8 (custom, RFC 9562): the run's 64 bits, then the fleet sequence.
    this.idPrefix = `${r.slice(0, 8)}-${r.slice(8, 12)}-8${r.slice(12, 15)}-8${r.slice(15)}00-`;
    this.seed = (parseInt(r.slice(0, 8), 16) ^ parseInt(r.slice(8), 16)) >>> 0;
  }

  intendedUs(i: number): number {
    return this.schedule.intendedUs(i);
  }

  /** How many messages (0..n-1) are due by nowUs. */
  dueBy(nowUs: number): number {
    return this.schedule.dueBy(nowUs);
  }

  /** Message i's id alone (what message(i).id is, without building the payload). */
  id(i: number): string {
    return this.idPrefix + fleetSeq(i, this.spec.shard).toString(16).padStart(12, '0');
  }

  message(i: number): ProbeMessage {
    const seq = fleetSeq(i, this.spec.shard);
    const ordinal = i % this.devices.length;
    const device = this.devices[ordinal] as string;
    const intendedUs = this.schedule.intendedUs(i);
    const payload = sensorPayload(device, intendedUs / 1000, this.spec.sensorValues, (k) =>
      unitHash(this.seed, seq, k),
    );
    return {
      id: this.id(i),
      key: device,
      shard: (this.firstDevice + ordinal) % this.spec.groups,
      payload,
      crc: crc32(payload),
      intendedUs,
      probe: this.spec.probeId,
      run: this.spec.runId,
    };
  }

  /** The configured fault (every N messages) that applies to `side`'s copy of message i. */
  fault(i: number, side: Fault['side']): Fault['kind'] | undefined {
    return this.spec.faults.find((f) => f.side === side && (i + 1) % f.every === 0)?.kind;
  }

  /** Which message of this plan an id names, or null when it is not one of this run's. */
  indexOf(id: string): number | null {
    const digits = id.slice(this.idPrefix.length);
    if (!id.startsWith(this.idPrefix) || !SEQ.test(digits)) return null;
    const seq = parseInt(digits, 16);
    const { index, count } = this.spec.shard;
    if (seq < index || (seq - index) % count !== 0) return null;
    return (seq - index) / count;
  }
}

/** A number in [0, 1) from (seed, seq, k): murmur3's finaliser over the three. */
function unitHash(seed: number, seq: number, k: number): number {
  let h =
    seed ^
    Math.imul(seq >>> 0, 0x9e3779b1) ^
    Math.imul(Math.floor(seq / 2 ** 32), 0x85ebca6b) ^
    Math.imul(k + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
