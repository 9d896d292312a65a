import { ConnectionPool } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';

/**
 * patches/@platformatic+kafka+1.35.0.patch (applied by `npm install` through
 * patch-package): a group operation whose coordinator the cached metadata no longer lists
 * asked the pool for an undefined broker, and reading its host threw out of a callback,
 * ending the probe mid-failover. Patched, it is an error the client retries.
 */
describe('kafka client patch', () => {
  it('answers a request for a broker the metadata does not list with an error, not a throw', async () => {
    const pool = new ConnectionPool('cutover-test');
    await expect(pool.get(undefined as never)).rejects.toThrow(/not in the cluster metadata/);
  });
});
