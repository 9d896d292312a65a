import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { serverConfig } from '@/lib/config';
import type { ParityMessage } from '@/lib/parity';
import type { ProbeSummary } from '@/lib/probe';
import { cutover } from './cutover-cli';
import { failStreamLeader, type NodeFailure } from './node-failure';
import { ProbeProcess } from './probe-process';
import { Recorder } from './recorder';
import { writeScenarioConfig } from './scenario-config';
import { scenarioPlan } from './scenario-plan';
import { describeGate, describeSummary, summaryFigures } from './scenario-report';

export const SCENARIOS = ['migration'] as const;

/** While this file exists, someone's drill owns the cluster: no probe, no kill. */
const CLUSTER_LOCK = '.cutover/cluster.lock';

export interface ScenarioOptions {
  out: string;
  minutes: number;
  ratePerSecond: number;
}

/**
 * The migration the case study describes, run for real and recorded: Kafka only →
 * shadowing (parity climbs; one injected corruption is caught, the ledger restarts) → a
 * NATS node killed mid-shadow (on the cluster) → dual read → the groups cut over one by
 * one → standby with the rollback window. Probes and phase changes are the operator's own
 * tools as processes (scripts/probe.ts, scripts/cutover.ts), on a config, phase bucket
 * and ledger of the run's own.
 */
export async function runMigrationScenario(o: ScenarioOptions): Promise<void> {
  const config = serverConfig();
  const onCluster = config.replicas > 1;
  if (onCluster && existsSync(CLUSTER_LOCK))
    throw new Error(
      `the cluster is in use (${CLUSTER_LOCK}: ${readFileSync(CLUSTER_LOCK, 'utf8').trim()})`,
    );
  const plan = scenarioPlan(o.minutes * 60_000, o.ratePerSecond);
  const id = randomBytes(3).toString('hex');
  const scn = writeScenarioConfig({
    id,
    parityTarget: plan.parityTarget,
    graceMs: plan.graceMs,
    slaHoldSeconds: plan.slaHoldSeconds,
  });
  const groups = scn.migration.consumerGroups.map((g) => g.name);
  const env = { ...process.env, CUTOVER_CONFIG: scn.file };
  const rate = String(o.ratePerSecond);
  const common = ['--rate', rate, '--ledger', scn.ledger, '--grace-ms', String(plan.graceMs)];
  const stack = onCluster ? `the ${config.replicas}-node clusters` : 'the single-node stack';
  const partial = `${o.out}.partial`;
  const t0 = Date.now();
  let startMs = t0;
  const say = (text: string) => {
    const s = Math.max(0, Math.round((Date.now() - startMs) / 1000));
    console.error(
      `[scenario ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${text}`,
    );
  };
  say(
    `run ${id}: ${o.minutes} min at ${rate} msg/s on ${stack}; config ${scn.file}, bucket ${scn.bucket}, ledger ${scn.ledger}, parity target ${plan.parityTarget.toLocaleString('en-US')}`,
  );

  const probes: ProbeProcess[] = [];
  const startProbe = async (suffix: string, args: string[]) => {
    const p = new ProbeProcess(`scenario-${id}-${suffix}`, [...common, ...args], env);
    probes.push(p);
    await p.ready;
    return p;
  };
  let recorder: Recorder | null = null;
  try {
    say('Kafka only: the probe writes and consumes Kafka alone (--backends kafka)');
    const kafkaOnly = await startProbe('kafka', ['--backends', 'kafka']);
    recorder = await Recorder.start({
      out: partial,
      durationMs: plan.totalMs,
      scenario: 'migration',
      ratePerSecond: o.ratePerSecond,
      note:
        `npm run record -- --scenario migration: ${o.minutes} min at ${rate} msg/s on ${stack}, Kafka acks=all; ` +
        `${groups.length} consumer groups; Kafka only → shadowing (one injected corruption) → ` +
        `${onCluster ? 'a NATS node killed → ' : ''}dual read → cutover → standby`,
      config,
      migration: scn.migration,
    });
    const rec = recorder;
    startMs = rec.startMs;
    const until = (ms: number) => sleep(Math.max(0, rec.startMs + ms - Date.now()));
    const ledgerRun = (probe: ProbeProcess): ParityMessage | null =>
      rec.parityRuns().find((p) => p.probe === probe.probeId && p.ledger === scn.ledger) ?? null;
    const waitFor = async <T>(check: () => T | null, latestMs: number): Promise<T | null> => {
      for (;;) {
        const v = check();
        if (v !== null || Date.now() >= rec.startMs + latestMs) return v;
        await sleep(500);
      }
    };
    const gateText = () => describeGate(rec.gate());
    const writeSummary = (s: ProbeSummary | null, role: string) => {
      if (!s) return;
      rec.write('probe', () => rec.writer.probe(s.probeId, summaryFigures(s, role)));
      say(`${s.probeId} stopped: ${describeSummary(s)}`);
    };

    await until(plan.shadowAtMs);
    say(`shadowing: the probe dual-writes; message #${plan.corruptMessage} is corrupted on NATS`);
    const shadow = await startProbe('shadow', [
      '--reset-ledger',
      '--inject',
      `corrupt:nats:${plan.corruptMessage}`,
    ]);
    // Watched from now on, so the mark sits where the ledger caught it.
    const caught = waitFor(() => {
      const p = ledgerRun(shadow);
      return p && p.mismatches.nats > 0 ? p : null;
    }, plan.nodeFailureAtMs).then((p) => {
      if (!p) return say('the corruption was not caught in time: no mismatch reported');
      rec.writer.fault(
        'corruption',
        `message #${plan.corruptMessage} of ${shadow.probeId} corrupted on its NATS copy (--inject corrupt:nats:${plan.corruptMessage}); parity caught it: ${p.mismatches.nats} checksum mismatch on nats after ${p.matched.toLocaleString('en-US')} matched`,
        'nats',
      );
      say(`corruption caught: ${p.mismatches.nats} mismatch on nats (${p.matched} matched)`);
    });
    // Once caught, a clean probe restarts the ledger from zero; it takes over before the
    // faulty one stops (no gap in the shadow run), and before its next corruption is due.
    const restarted = caught.then(async () => {
      say(
        'the mismatch explained (the injected fault): a clean probe restarts the ledger from zero',
      );
      const p = await startProbe('shadow2', ['--reset-ledger']);
      writeSummary(await shadow.stop(), 'shadow, corruption injected');
      return p;
    });
    // Awaited below, after the phase changes; a failure must not go unhandled meanwhile.
    restarted.catch(() => {});
    void kafkaOnly.stop().then((s) => writeSummary(s, 'kafka only'));
    await cutover(
      ['set', 'shadowing'],
      `shadow run: every message dual-written, parity ledger ${scn.ledger} from zero`,
      env,
    );
    for (const g of groups)
      await cutover(
        ['group', g, 'shadow'],
        `${g} consumes JetStream beside Kafka, results discarded`,
        env,
      );
    const clean = await restarted;

    let failure: NodeFailure | null = null;
    if (onCluster) {
      await until(plan.nodeFailureAtMs);
      say('NATS node failure: kill -9 of the IOT_SENSORS stream leader');
      // A drill step that fails is reported, not the end of the story.
      const f = await failStreamLeader(config, rec.writer, plan.nodeDownMs).catch(
        (err: Error) => err,
      );
      if (f instanceof Error) say(`the node failure failed: ${f.message}`);
      else {
        failure = f;
        say(
          `${f.target} killed; new leader ${f.newLeader ?? 'none'} after ${f.newLeaderMs ?? '—'} ms; restarted, whole again after ${f.wholeMs ?? '—'} ms`,
        );
      }
    } else {
      say(
        'NATS node failure skipped: the single-node stack has no other node to fail over to (source .cutover/run/cluster.env for the cluster)',
      );
    }

    await until(plan.dualReadAtMs);
    // What the failure cost, judged now: copies held up by the failover arrive after the
    // grace period (late, no longer missing), so missing right after it overstates loss.
    const after = ledgerRun(clean);
    if (failure && after) {
      const lost = after.missing.kafka + after.missing.nats;
      const late = (after.late?.kafka ?? 0) + (after.late?.nats ?? 0);
      rec.write('probe', () =>
        rec.writer.probe(clean.probeId, {
          role: 'the NATS node failure, judged at dual read',
          acknowledgedLost: lost,
          late,
          unsentNats: after.unsent?.nats ?? 0,
          unsentKafka: after.unsent?.kafka ?? 0,
          newLeaderMs: failure.newLeaderMs,
          wholeAgainMs: failure.wholeMs,
        }),
      );
      say(
        `the node failure: ${lost} acknowledged messages lost, ${late} delivered after the grace period, ${after.unsent?.nats ?? 0} NATS publishes refused while it failed over`,
      );
    }
    const target = await waitFor(() => {
      const p = ledgerRun(clean);
      return p && p.matched >= p.target ? p : null;
    }, plan.dualReadLatestMs);
    const parity = ledgerRun(clean);
    const parityText = parity
      ? `parity ${parity.matched.toLocaleString('en-US')} / ${parity.target.toLocaleString('en-US')}, ${parity.mismatches.kafka + parity.mismatches.nats} mismatched, ${parity.missing.kafka + parity.missing.nats} missing`
      : 'no parity report';
    say(
      `dual read: ${parityText}${target ? '' : ' (target not reached: going ahead on the timeline)'}`,
    );
    for (const g of groups)
      await cutover(
        ['group', g, 'dual-read'],
        `${parityText}${target ? ': target reached' : ': below target, going ahead on the demo timeline'}`,
        env,
      );

    await until(plan.cutoverAtMs);
    await waitFor(() => (rec.gate()?.go ? true : null), plan.cutoverLatestMs);
    const gate = gateText();
    say(`cutover: ${gate}`);
    await cutover(['set', 'cutover'], gate, env);
    for (const [i, g] of groups.entries()) {
      await until(plan.firstCutAtMs + i * plan.groupEveryMs);
      say(`cut over ${g} (${i + 1} of ${groups.length})`);
      await cutover(
        ['group', g, 'cut-over'],
        `${g} reads JetStream from here; Kafka keeps every message for the rollback window. ${gateText()}`,
        env,
      );
    }

    await until(plan.standbyAtMs);
    const closes = new Date(Date.now() + scn.migration.migration.standbyHours * 3_600_000);
    say(`standby: Kafka kept for the ${scn.migration.migration.standbyHours}-hour rollback window`);
    await cutover(
      ['set', 'standby'],
      `all ${groups.length} groups cut over; Kafka stays up on standby for the ${scn.migration.migration.standbyHours}-hour rollback window (until ${closes.toISOString().slice(0, 16)} UTC)`,
      env,
    );

    await until(plan.totalMs);
    say('the end: closing the recording');
    const bytes = await rec.stop();
    recorder = null;
    renameSync(partial, o.out);
    const c = rec.counts;
    say(
      `recorded to ${o.out} (${(bytes / 1e6).toFixed(2)} MB): ${c.msg} lines of messages, ${c.groups} board polls, ${c.phase} phase changes, ${c.gate} gate verdicts, ${c.cluster} cluster lines${c.refused ? `, ${c.refused} refused` : ''}`,
    );
    const last = await clean.stop();
    if (last) say(`${last.probeId}: ${describeSummary(last)}`);
  } finally {
    await Promise.allSettled(probes.map((p) => p.stop()));
    if (recorder) {
      await recorder.stop().catch(() => 0);
      console.error(`record: the scenario did not finish; what was recorded is in ${partial}`);
    }
  }
}
