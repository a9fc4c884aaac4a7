import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './parseCommand';

const names = fc.constantFrom('open-study', 'set-mode', 'set-tool', 'save', 'set-access-token', 'get-state', 'ready', '__proto__', 'constructor', 'toString');
const anyValue = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom('1.2.3/../../system', '1.2.3?x=1', '<script>', '__proto__'));
/** Envelopes close to valid: right or wrong type/version/name, payloads of any shape. */
const envelope = fc.record(
  {
    type: fc.oneof(fc.constant('roi-viewer'), anyValue),
    version: fc.oneof(fc.constant(1), anyValue),
    id: anyValue,
    name: fc.oneof(names, anyValue),
    payload: fc.oneof(fc.record({ studyUid: anyValue, seriesUid: anyValue, mode: anyValue, tool: anyValue, token: anyValue, expiresAt: anyValue }, { requiredKeys: [] }), anyValue),
  },
  { requiredKeys: [] },
);

describe('parseCommand fuzz (fast-check, 10,000 cases)', () => {
  it('never throws; anything refused carries an error code and a message, never the token', () => {
    fc.assert(
      fc.property(fc.oneof(envelope, fc.anything({ maxDepth: 3 })), (data) => {
        const out = parseCommand(data);
        if (out.ok) {
          expect(out.command.name).toMatch(/^(open-study|set-mode|set-tool|save|set-access-token|get-state)$/);
          if (out.command.name === 'open-study') expect(out.command.payload.studyUid).toMatch(/^[0-9]+(\.[0-9]+)*$/);
        } else {
          expect(['invalid-message', 'unsupported-version', 'unknown-command']).toContain(out.code);
          expect(out.message.length).toBeGreaterThan(0);
          const d = data as { name?: unknown; payload?: { token?: unknown } } | null;
          const token = d?.payload?.token;
          // The command name is echoed (shortened); a token is never.
          if (typeof token === 'string' && token.length > 8 && !String(d?.name).includes(token)) expect(out.message).not.toContain(token);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
