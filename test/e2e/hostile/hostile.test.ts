import { describe, expect, it } from 'vitest';
import { hostileCases } from './cases.js';
import { runCase, STACK_FRAME } from './run-case.js';

describe('hostile and odd inputs through the CLI', () => {
  it.each(hostileCases(2 << 20).map((c) => [c.name, c] as const))(
    '%s: a known answer in bounded memory, no stack trace',
    async (_, c) => {
      const run = await runCase(c);
      expect(run.timedOut).toBe(false);
      expect(run.signal).toBeNull();
      expect(c.codes).toContain(run.code);
      expect(run.stderr).not.toMatch(STACK_FRAME);
      if (c.stderr) expect(run.stderr).toMatch(c.stderr);
      expect(run.peakMb).toBeLessThanOrEqual(c.maxRssMb);
      for (const [channel, records] of Object.entries(run.counts ?? {}))
        expect(records.accepted + records.rejected, channel).toBe(records.read);
    },
    90_000,
  );
});
