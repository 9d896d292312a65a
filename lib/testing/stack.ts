import { randomBytes } from 'node:crypto';
import { parseConfig, type ServerConfig } from '@/lib/config';

/**
 * Test helpers for the real local stack (scripts/stack-up.sh): its addresses and
 * fresh names, so that every test has a subject, topic or stream of its own.
 */
export function stackConfig(): ServerConfig {
  return parseConfig(process.env);
}

/** A short random suffix, valid in NATS subjects, Kafka topics and Cutover ids. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
