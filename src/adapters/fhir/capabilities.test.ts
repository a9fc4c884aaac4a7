import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ASSUMED_CAPABILITIES, describeCapabilities, parseCapabilities } from './capabilities';

const resource = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  interaction: [{ code: 'create' }, { code: 'update' }, { code: 'read' }, { code: 'search-type' }],
  versioning: 'versioned-update',
  conditionalCreate: true,
  ...extra,
});

const statement = (opts: { transaction?: boolean; selection?: Record<string, unknown>; observation?: Record<string, unknown> } = {}) => ({
  resourceType: 'CapabilityStatement',
  fhirVersion: '5.0.0',
  software: { name: 'HAPI FHIR Server', version: '8.8.0' },
  rest: [
    {
      mode: 'server',
      interaction: opts.transaction === false ? [{ code: 'history-system' }] : [{ code: 'transaction' }, { code: 'batch' }],
      resource: [
        resource('ImagingSelection', { searchParam: [{ name: 'study-uid' }, { name: 'patient' }, { name: 'derived-from' }, { name: 'identifier' }], ...opts.selection }),
        resource('Observation', opts.observation),
        resource('Device'),
      ],
    },
  ],
});

describe('parseCapabilities', () => {
  it('reads a complete HAPI-like statement without issues', () => {
    const { capabilities, issues } = parseCapabilities(statement());
    expect(issues).toEqual([]);
    expect(capabilities).toMatchObject({
      fhirVersion: '5.0.0',
      software: 'HAPI FHIR Server 8.8.0',
      transaction: true,
      conditionalCreate: true,
      versionedUpdate: true,
      searchParams: { studyUid: true, patient: true, derivedFrom: true, identifier: true },
      source: 'statement',
    });
  });

  it('sees that transaction is off (the per-resource server)', () => {
    expect(parseCapabilities(statement({ transaction: false })).capabilities.transaction).toBe(false);
  });

  it('uses conditional create only when every written type offers it', () => {
    expect(parseCapabilities(statement({ observation: { conditionalCreate: false } })).capabilities.conditionalCreate).toBe(false);
  });

  it('flags a statement that contradicts itself (conditional create without create)', () => {
    const { capabilities, issues } = parseCapabilities(statement({ selection: { interaction: [{ code: 'update' }], conditionalCreate: true } }));
    expect(capabilities.conditionalCreate).toBe(false);
    expect(issues.join('\n')).toMatch(/ImagingSelection claims conditional create but not create/);
  });

  it('notices missing study-uid search so loading can fall back to patient', () => {
    const { capabilities } = parseCapabilities(statement({ selection: { searchParam: [{ name: 'patient' }] } }));
    expect(capabilities.searchParams).toMatchObject({ studyUid: false, patient: true });
  });

  it.each([
    ['nothing', undefined],
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [] }],
    ['HTML', '<html>'],
    ['no server rest', { resourceType: 'CapabilityStatement', rest: [{ mode: 'client' }] }],
  ])('falls back to safe assumptions for %s, with an issue', (_name, input) => {
    const { capabilities, issues } = parseCapabilities(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(capabilities).toMatchObject({ transaction: ASSUMED_CAPABILITIES.transaction, conditionalCreate: false, source: 'assumed' });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = parseCapabilities(input);
        expect(Array.isArray(r.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.record({ resourceType: fc.constant('CapabilityStatement'), rest: fc.array(fc.record({ mode: fc.constantFrom('server', 'client'), interaction: fc.anything(), resource: fc.array(fc.anything()) })) }), (input) => {
        expect(() => parseCapabilities(input)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('describes each decision in a line', () => {
    const lines = describeCapabilities(parseCapabilities(statement({ transaction: false })).capabilities);
    expect(lines).toContain('Transactions: no → saving one resource at a time');
  });

});

describe('FhirClient.metadata', () => {
  it('reads the CapabilityStatement without asking for a token, even after a 401', async () => {
    const { FhirClient } = await import('./FhirClient');
    const { mockResponse, scriptedFetch } = await import('./mockFetch');
    const fetch = scriptedFetch(mockResponse(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }));
    let asked = 0;
    const client = new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch, getAuthHeader: () => (asked++, 'Bearer x'), onUnauthorized: async () => (asked++, true) });
    await expect(client.metadata()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(asked).toBe(0);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.headers.Authorization).toBeUndefined();
  });
});
