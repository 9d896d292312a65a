/**
 * Flattens the client's nested errors (AggregateError of responses) into one readable line.
 * A module of its own, without the client: a NATS sender thread reports errors with it and
 * must not pay for loading @platformatic/kafka (~1 s of CPU).
 */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError)
    return [err.message, ...err.errors.map(describeError)].join('; ');
  return err instanceof Error ? err.message : String(err);
}
