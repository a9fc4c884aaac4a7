import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { configureServices } from './services';
import { addRoi, deleteRoi, resetRois, undo } from './roiActions';
import { rememberInstances, resetStudyData } from './studyActions';
import { createSaveQueue } from './saveQueue';
import { resolveConflict } from './saveActions';
import { FhirClient } from '../adapters/fhir/FhirClient';
import { mockResponse, scriptedFetch, type MockFetch, type RecordedCall } from '../adapters/fhir/mockFetch';
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

/**
 * Answers a transaction entry by entry, as HAPI does: the Device and the
 * Observations are created, each ImagingSelection entry is answered by `selection`.
 */
function answerEach(call: RecordedCall, selection: (entry: Entry) => Record<string, unknown>) {
  let obs = 500;
  return mockResponse(200, {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: entriesOf(call).map((e) => {
      if (e.resource.resourceType === 'ImagingSelection') return selection(e);
      if (e.resource.resourceType === 'Device') return { response: { status: '200 OK', location: 'Device/1/_history/1' } };
      return { response: { status: '201 Created', location: `Observation/${obs++}/_history/1` } };
    }),
  });
}

const INSTANCE = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: image.sopClassUid, rows: 64, columns: 64, numberOfFrames: 1, patientId: 'P1' };

/** DICOMweb as the save path sees it: series metadata, or a failure. */
function dicomweb(answer: () => Promise<unknown>): DicomWebClient {
  return { getSeriesMetadata: answer } as unknown as DicomWebClient;
}

function setup(fetch: MockFetch, { instances = true, dicom = dicomweb(async () => ({ instances: [INSTANCE], raw: new Map(), problems: [] })) } = {}) {
  resetStudyData();
  configureServices({
    dicomweb: dicom,
    fhir: new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch }),
    wadoRoot: 'http://dicom.test',
    prefetch: false,
    selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' },
  });
  if (instances) rememberInstances([INSTANCE]);
}

type Entry = { resource: { resourceType: string; identifier?: Array<{ value: string }>; instance: Array<{ imageRegion2D: Array<{ coordinate: number[] }> }> }; request: { method: string; url: string; ifNoneExist?: string } };
const entriesOf = (call: RecordedCall) => (call.body as { entry: Entry[] }).entry;
const tick = () => new Promise((r) => setTimeout(r, 0));

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
  setState((s) => ({ session: { ...s.session, accessMode: 'edit', mode: { name: 'idle' }, network: 'online', nextRetryAt: undefined, conflicts: [] } }));
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

  it('an ROI drawn while a save is in flight is saved next, without another request', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const fetch = scriptedFetch(async () => {
      await held;
      return txResponse(1, 100);
    }, txResponse(1, 200));
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, ...timers });
    const first = q.save();
    await tick();
    addRoi(roi(ids[1]!));
    release();
    await first;
    expect(await timers.fire()).toBe(0);
    await tick();
    expect(fetch.calls).toHaveLength(2);
    expect(Object.values(getState().rois.records).map((r) => [r.sync, r.server?.resourceId])).toEqual([['saved', '100'], ['saved', '200']]);
    expect(timers.pending).toBe(0);
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

  it('offline: sends nothing and waits, then saves as soon as the browser is back online', async () => {
    const fetch = scriptedFetch(txResponse(1));
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, ...timers });
    q.offline();
    const out = await q.save();
    expect(out).toMatchObject({ ok: false, message: expect.stringMatching(/^Offline: 1 region/) });
    expect(fetch.calls).toHaveLength(0);
    expect(timers.pending).toBe(0);
    expect(getState().rois.records[ids[0]!]?.sync).toBe('unsaved');
    q.online();
    await new Promise((r) => setTimeout(r, 10));
    expect(fetch.calls).toHaveLength(1);
    expect(getState().rois.records[ids[0]!]?.sync).toBe('saved');
  });

  it('one retry loop: a transient failure is sent once per attempt, and the queue waits Retry-After exactly', async () => {
    const fetch = scriptedFetch(mockResponse(429, 'slow down', { 'Retry-After': '7' }), mockResponse(503, 'busy'), txResponse(1));
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: false, baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0.5, ...timers });
    await q.save();
    expect(fetch.calls).toHaveLength(1);
    expect(await timers.fire()).toBe(7000);
    await tick();
    expect(fetch.calls).toHaveLength(2);
    // No Retry-After on the second failure: backoff for failure 2 = 0.5 × 2000.
    expect(await timers.fire()).toBe(1000);
    await tick();
    expect(fetch.calls).toHaveLength(3);
    expect(getState().rois.records[ids[0]!]?.sync).toBe('saved');
  });

  it('an ROI whose image metadata is missing is loaded first, then saved', async () => {
    const fetch = scriptedFetch(txResponse(1));
    let asked = 0;
    setup(fetch, { instances: false, dicom: dicomweb(async () => (asked++, { instances: [INSTANCE], raw: new Map(), problems: [] })) });
    addRoi(roi(ids[0]!));
    const out = await createSaveQueue({ autosave: false, ...manualTimers() }).save();
    expect(asked).toBe(1);
    expect(out.ok).toBe(true);
    expect(getState().rois.records[ids[0]!]?.sync).toBe('saved');
  });

  it('never spins: an ROI that cannot be saved yet waits on the backoff with the reason shown', async () => {
    const fetch = scriptedFetch(txResponse(1));
    setup(fetch, { instances: false, dicom: dicomweb(async () => Promise.reject(new Error('Orthanc is down'))) });
    const timers = manualTimers();
    const q = createSaveQueue({ autosave: true, autosaveDelayMs: 10, baseDelayMs: 1000, random: () => 0.5, ...timers });
    addRoi(roi(ids[0]!));
    expect(await timers.fire()).toBe(10); // the autosave
    await tick();
    expect(fetch.calls).toHaveLength(0);
    const rec = getState().rois.records[ids[0]!]!;
    expect(rec.sync).toBe('unsaved');
    expect(rec.error).toMatch(/Waiting: the image metadata could not be loaded \(Orthanc is down\)/);
    expect(getState().session.lastSaveMessage).toMatch(/1 region not saved yet/);
    // Exactly one timer: the backoff, not an immediate re-run.
    expect(timers.pending).toBe(1);
    expect(await timers.fire()).toBe(500);
    await tick();
    expect(timers.pending).toBe(1);
    expect(await timers.fire()).toBe(1000);
    q.stop();
  });

  for (const how of ['delete', 'undo'] as const) {
    it(`${how} while the create is in flight: the next save marks it entered-in-error on the server`, async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const fetch = scriptedFetch(
        async () => {
          await held;
          return txResponse(1, 300);
        },
        (call) => answerEach(call, () => ({ response: { status: '200 OK', location: 'ImagingSelection/300/_history/2' } })),
      );
      setup(fetch);
      addRoi(roi(ids[0]!));
      const timers = manualTimers();
      const q = createSaveQueue({ autosave: false, ...timers });
      const first = q.save();
      await tick();
      if (how === 'delete') deleteRoi(ids[0]!);
      else undo();
      expect(getState().rois.records[ids[0]!]).toBeUndefined();
      release();
      await first;
      expect(getState().rois.records[ids[0]!]).toMatchObject({ sync: 'deleted', server: { resourceId: '300' } });
      await timers.fire();
      await tick();
      expect(fetch.calls).toHaveLength(2);
      const entry = entriesOf(fetch.calls[1]!).find((e) => e.resource.resourceType === 'ImagingSelection');
      expect(entry!.request).toMatchObject({ method: 'PUT', url: 'ImagingSelection/300' });
      expect((entry!.resource as unknown as { status: string }).status).toBe('entered-in-error');
      expect(getState().rois.records[ids[0]!]).toBeUndefined();
    });
  }

  it('a create that matched a different stored ROI opens the conflict dialog and is not marked saved', async () => {
    const fetch = scriptedFetch((call) =>
      answerEach(call, (entry) => {
        const theirs = structuredClone(entry.resource);
        theirs.instance[0]!.imageRegion2D[0]!.coordinate = [30, 40];
        return { resource: { ...theirs, id: '77', meta: { versionId: '1' } }, response: { status: '200 OK', location: 'ImagingSelection/77/_history/1' } };
      }),
    );
    setup(fetch);
    addRoi(roi(ids[0]!));
    const q = createSaveQueue({ autosave: true, ...manualTimers() });
    await q.save();
    expect(getState().session.conflicts).toHaveLength(1);
    expect(getState().session.conflicts[0]).toMatchObject({ roiId: ids[0], theirsVersion: '1' });
    expect(getState().rois.records[ids[0]!]).toMatchObject({ sync: 'unsaved', server: { resourceId: '77', versionId: '1' } });
    // While the dialog is open, nothing is sent for it (that would decide for the user).
    expect((await q.save()).message).toMatch(/conflict dialog/);
    expect(fetch.calls).toHaveLength(1);
    await resolveConflict(ids[0]!, 'mine');
    expect(getState().session.conflicts).toHaveLength(0);
    expect(getState().rois.records[ids[0]!]).toMatchObject({ sync: 'unsaved', roi: { points: [[10, 20]] } });
  });

  it('a create refused because its identifier is stored twice (412) opens the conflict dialog', async () => {
    const fetch = scriptedFetch((call) => {
      if (call.method === 'POST') return mockResponse(412, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'duplicate', diagnostics: 'matched 2 resources' }] });
      const stored = (id: string) => ({ resourceType: 'ImagingSelection', id, meta: { versionId: '1' }, status: 'available' });
      return mockResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: stored('5') }, { resource: stored('6') }] });
    });
    setup(fetch);
    addRoi(roi(ids[0]!));
    const timers = manualTimers();
    const out = await createSaveQueue({ autosave: false, ...timers }).save();
    expect(out.ok).toBe(false);
    expect(fetch.calls[1]!.url).toContain(`identifier=${encodeURIComponent(`urn:ietf:rfc:3986|urn:uuid:${ids[0]}`)}`);
    expect(getState().session.conflicts).toEqual([expect.objectContaining({ roiId: ids[0], theirsVersion: '1', copies: 2 })]);
    expect(getState().session.mode).toMatchObject({ name: 'error' });
    expect(timers.pending).toBe(0);
  });
});
