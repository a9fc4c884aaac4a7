import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { configureServices } from './services';
import { addRoi, resetRois } from './roiActions';
import { rememberInstances } from './saveActions';
import { createSaveQueue } from './saveQueue';
import { FhirClient } from '../adapters/fhir/FhirClient';
import { mockResponse, scriptedFetch, type MockFetch } from '../adapters/fhir/mockFetch';
import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { Roi } from '../domain/roi/Roi';

const image = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const roi = (id: string): Roi => ({ id, kind: 'point', points: [[10, 20]], label: '', image });
const ids = ['6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11', '7f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b12'];

/** The answer to n point ROIs: the viewer's Device, then per ROI its selection and its measurement group. */
function txResponse(n: number, firstId = 100) {
  const created = (location: string) => ({ response: { status: '201 Created', location } });
  return mockResponse(200, {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: [
      created('Device/1/_history/1'),
      ...Array.from({ length: n }, (_, i) => [created(`ImagingSelection/${firstId + i}/_history/1`), created(`Observation/${firstId + i}/_history/1`)]).flat(),
    ],
  });
}

function setup(fetch: MockFetch) {
  configureServices({
    dicomweb: {} as DicomWebClient,
    fhir: new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch }),
    wadoRoot: 'http://dicom.test',
    prefetch: false,
    selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' },
  });
  rememberInstances([{ studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: image.sopClassUid, rows: 64, columns: 64, numberOfFrames: 1, patientId: 'P1' }]);
}

/** Timers run only when the test says so. */
function manualTimers() {
  const queue: Array<{ fn: () => void; ms: number }> = [];
  return {
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      queue.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      const i = queue.indexOf(t as { fn: () => void; ms: number });
      if (i >= 0) queue.splice(i, 1);
    },
    async fire() {
      const t = queue.shift();
      t?.fn();
      await new Promise((r) => setTimeout(r, 0));
      return t?.ms;
    },
    get pending() {
      return queue.length;
    },
  };
}

beforeEach(() => {
  resetRois();
  setState((s) => ({ session: { ...s.session, accessMode: 'edit', mode: { name: 'idle' }, network: 'online', nextRetryAt: undefined } }));
});

describe('save queue', () => {
  it('sends every pending ROI as one transaction of conditional creates and marks them saved', async () => {
    const fetch = scriptedFetch(txResponse(2));
    setup(fetch);
    ids.forEach((id) => addRoi(roi(id)));
    const q = createSaveQueue({ autosave: false, ...manualTimers() });
    const out = await q.save();
    expect(out.ok).toBe(true);
    expect(fetch.calls).toHaveLength(1);
    const bundle = fetch.calls[0]!.body as { type: string; entry: Array<{ resource: { resourceType: string }; request: { method: string; ifNoneExist: string } }> };
    expect(bundle.type).toBe('transaction');
    const selections = bundle.entry.filter((e) => e.resource.resourceType === 'ImagingSelection');
    expect(selections.map((e) => e.request.ifNoneExist)).toEqual(ids.map((id) => `identifier=urn:ietf:rfc:3986|urn:uuid:${id}`));
    expect(Object.values(getState().rois.records).map((r) => [r.sync, r.server?.resourceId])).toEqual([['saved', '100'], ['saved', '101']]);
  });

  it('after a server error keeps the ROIs unsaved, honours Retry-After, and succeeds on the retry', async () => {
    const fetch = scriptedFetch(
      mockResponse(503, '<html>down</html>', { 'Content-Type': 'text/html', 'Retry-After': '60' }),
      txResponse(1),
    );
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, maxDelayMs: 120_000, random: () => 1, ...timers });
    const first = await q.save();
    expect(first.ok).toBe(false);
    expect(getState().rois.records[ids[0]!]?.sync).toBe('unsaved');
    expect(getState().rois.records[ids[0]!]?.error).toMatch(/Not saved/);
    expect(getState().session.mode.name).toBe('error');
    expect(timers.pending).toBe(1);
    expect(await timers.fire()).toBe(60_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(getState().rois.records[ids[0]!]?.sync).toBe('saved');
  });

  it('does not retry a validation error (422): the same request would fail again', async () => {
    const fetch = scriptedFetch(mockResponse(422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'ImagingSelection.status: minimum required = 1' }] }));
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, ...timers });
    const out = await q.save();
    expect(out.ok).toBe(false);
    expect(out.message).toContain('minimum required');
    expect(timers.pending).toBe(0);
  });

  it('offline: waits, then saves as soon as the browser is back online', async () => {
    const fetch = scriptedFetch(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), txResponse(1));
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, ...timers });
    q.offline();
    await q.save();
    expect(timers.pending).toBe(0);
    q.online();
    await new Promise((r) => setTimeout(r, 10));
    expect(getState().rois.records[ids[0]!]?.sync).toBe('saved');
  });
});
