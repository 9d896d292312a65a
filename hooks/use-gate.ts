'use client';

import { useMemo } from 'react';
import { useLive } from './use-live';
import type { GateConfig } from '@/lib/config';
import { evaluateGate, slaPeriodMs, type GateVerdict } from '@/lib/migration';
import { useMigration } from './use-migration';

/**
 * The go / no-go verdict, re-evaluated as data arrives: latency and parity from the
 * page's live feeds (all probes, whatever the view filter), groups from /api/migration.
 */
export function useGate(gate: GateConfig): GateVerdict {
  const { figures, snapshot, config, nowMs } = useLive();
  const migration = useMigration();
  const board = migration.type === 'ok' ? migration.snapshot : null;
  return useMemo(() => {
    const tab = figures.allSummary(gate.targetBackend, slaPeriodMs(gate));
    // The server has watched longer than this tab, unless it restarted since: take the longer view.
    const server = board?.type === 'live' ? (board.targetLatency ?? null) : null;
    const longer = (a: typeof tab, b: typeof tab) =>
      a.count > 0 && (b.count === 0 || a.firstSlotMs < b.firstSlotMs);
    const target = server && longer(server, tab) ? server : tab;
    const parity = figures.parity();
    return evaluateGate(
      {
        nowMs,
        slaMs: config.slaMs,
        target,
        targetSource: target === server ? 'server' : 'this tab',
        parity,
        groups:
          board === null
            ? {
                type: 'unavailable',
                reason: migration.type === 'error' ? migration.message : 'loading',
              }
            : board.type === 'live'
              ? { type: 'live', rows: board.groups }
              : board,
        transports: {
          nats: {
            status: snapshot.transports.nats.status,
            lastSeenMs: snapshot.transports.nats.lastSeenMs,
          },
          kafka: {
            status: snapshot.transports.kafka.status,
            lastSeenMs: snapshot.transports.kafka.lastSeenMs,
          },
        },
        backendsAcceptedAtMs: { [gate.targetBackend]: figures.acceptedAt(gate.targetBackend) },
        cluster:
          board === null
            ? {
                type: 'unavailable',
                reason: migration.type === 'error' ? migration.message : 'loading',
              }
            : board.type === 'live'
              ? (board.cluster ?? { type: 'unavailable', reason: 'the server sent none' })
              : board,
      },
      gate,
    );
    // figures change whenever data does; nowMs ticks every second.
  }, [nowMs, board, gate, figures, config.slaMs, migration, snapshot.transports]);
}
