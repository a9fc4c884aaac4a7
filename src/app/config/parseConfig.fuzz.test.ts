import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig';

const hostile = fc.constantFrom('*', 'null', "'self'", 'javascript:alert(1)', 'http://evil.example', '//evil.example', '../../etc/passwd', '__proto__', 'x; script-src *');
const anyValue = fc.oneof(fc.anything({ maxDepth: 2 }), hostile);
const section = (keys: Record<string, fc.Arbitrary<unknown>>) => fc.oneof(fc.record(keys, { requiredKeys: [] }), anyValue);

/** Configs close to valid, with any field missing, mistyped or hostile, plus unknown keys. */
const config = fc.record(
  {
    dicomweb: section({ qidoRoot: fc.oneof(fc.constant('/dicom-web'), anyValue), wadoRoot: fc.oneof(fc.constant('/dicom-web'), anyValue), sendAuth: anyValue }),
    fhir: section({ baseUrl: fc.oneof(fc.constant('/fhir'), anyValue) }),
    auth: section({ mode: fc.oneof(fc.constantFrom('none', 'host-token', 'smart'), anyValue), clientId: anyValue, iss: anyValue }),
    embed: section({ allowedOrigins: fc.oneof(fc.array(fc.oneof(fc.webUrl(), hostile), { maxLength: 3 }), anyValue) }),
    imagingSelection: section({ code: anyValue, findings: anyValue, autosave: anyValue }),
    viewer: section({ cacheSizeMB: anyValue, prefetch: anyValue }),
    unknownKey: anyValue,
  },
  { requiredKeys: [] },
);

describe('parseConfig fuzz (fast-check, 10,000 cases)', () => {
  it('never throws; a refused config always says why', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.anything({ maxDepth: 3 })), (json) => {
        const out = parseConfig(json);
        if (out.ok) {
          expect(out.config.embed.allowedOrigins).not.toContain('*');
          expect(out.config.embed.allowedOrigins).not.toContain('null');
        } else {
          expect(out.problems.length).toBeGreaterThan(0);
          for (const p of out.problems) expect(typeof p.path === 'string' && typeof p.message === 'string').toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
