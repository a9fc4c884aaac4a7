import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { configureServices } from './services';
import { resetRois } from './roiActions';
import { closeHistory, openHistory, restoreVersion, toggleGhost } from './historyActions';
import { FhirClient } from '../adapters/fhir/FhirClient';
import { mockResponse, scriptedFetch } from '../adapters/fhir/mockFetch';
import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { Roi } from '../domain/roi/Roi';

const ID = '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11';
const image = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const current: Roi = { id: ID, kind: 'circle', image, label: 'Lesion', points: [[10, 10], [19, 10]] };

const version = (v: string, radiusTo: number, extra: Record<string, unknown> = {}) => ({
  resourceType: 'ImagingSelection',
  id: '55',
  meta: { versionId: v, lastUpdated: `2026-12-0${v}T10:00:00Z`, source: '#viewer' },
  identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${ID}` }],
  status: 'available',
  code: { text: 'Image Region' },
  studyUid: '1.2',
  seriesUid: '1.2.3',
  instance: [{ uid: '1.2.3.4', sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' }, imageRegion2D: [{ regionType: 'circle', coordinate: [10, 10, radiusTo, 10] }] }],
  ...extra,
});

function serve(entries: unknown[]) {
  const fetch = scriptedFetch(mockResponse(200, { resourceType: 'Bundle', type: 'history', entry: entries }));
  configureServices({
    dicomweb: {} as DicomWebClient,
    fhir: new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch }),
    wadoRoot: 'http://dicom.test',
    prefetch: false,
    selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111030', display: 'Image Region' },
  });
  return fetch;
}

beforeEach(() => {
  resetRois();
  closeHistory();
  setState((s) => ({
    rois: { ...s.rois, records: { [ID]: { roi: current, sync: 'saved', server: { resourceId: '55', versionId: '4', savedRoi: current } } }, order: [ID] },
  }));
});

describe('openHistory', () => {
  it('lists versions newest first with what each changed, from one _history read', async () => {
    const fetch = serve([
      { resource: version('3', 19, { category: [{ text: 'Cyst' }] }) },
      { resource: version('2', 19) },
      { resource: version('1', 15) },
    ]);
    setState((s) => ({ rois: { ...s.rois, records: { [ID]: { roi: current, sync: 'saved', server: { resourceId: '55', versionId: '3', savedRoi: current } } } } }));
    await openHistory(ID);
    expect(fetch.calls.map((c) => c.url)).toEqual(['http://fhir.test/fhir/ImagingSelection/55/_history']);
    const view = getState().history.view;
    expect(view.name).toBe('ready');
    if (view.name !== 'ready') return;
    expect(view.versions.map((v) => [v.versionId, v.changes])).toEqual([
      ['3', ['label']],
      ['2', ['geometry']],
      ['1', ['created']],
    ]);
    expect(view.versions[2]!.author).toBe('#viewer');
    expect(view.notes).toEqual([]);
  });

  it('notices a history that stops short of the version the ROI is at', async () => {
    serve([{ resource: version('2', 19) }, { resource: version('1', 15) }]);
    await openHistory(ID); // the record says version 4
    const view = getState().history.view;
    if (view.name !== 'ready') throw new Error(`view is ${view.name}`);
    expect(view.notes.join(' ')).toMatch(/did not return versions 3, 4/);
  });

  it('says which versions are missing and which could not be read, and still lists the rest', async () => {
    serve([{ resource: version('4', 19) }, { resource: { ...version('2', 17), instance: 'garbage' } }, { resource: version('1', 15) }]);
    await openHistory(ID);
    const view = getState().history.view;
    if (view.name !== 'ready') throw new Error(`view is ${view.name}`);
    expect(view.versions.map((v) => v.versionId)).toEqual(['4', '2', '1']);
    expect(view.versions[1]!.changes).toEqual(['unreadable']);
    expect(view.versions[1]!.problem).toBeTruthy();
    expect(view.notes.join(' ')).toMatch(/did not return version 3/);
    expect(view.notes.join(' ')).toMatch(/1 version could not be read/);
  });

  it('reports a failed read as an error state, and an unsaved ROI has no history', async () => {
    configureServices({
      dicomweb: {} as DicomWebClient,
      fhir: new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch: scriptedFetch(mockResponse(500, 'boom')) }),
      wadoRoot: 'http://dicom.test',
      prefetch: false,
      selectionCode: { system: 'x', code: 'y' },
    });
    await openHistory(ID);
    expect(getState().history.view).toMatchObject({ name: 'error', message: expect.stringMatching(/could not be loaded/) });
    setState((s) => ({ rois: { ...s.rois, records: { [ID]: { roi: current, sync: 'unsaved' } } } }));
    await openHistory(ID);
    expect(getState().history.view).toMatchObject({ name: 'error', message: expect.stringMatching(/not been saved yet/) });
  });
});

describe('ghosts and restore', () => {
  it('toggles an earlier outline, and restore is an ordinary (unsaved, undoable) edit', async () => {
    serve([{ resource: version('2', 19) }, { resource: version('1', 15) }]);
    await openHistory(ID);
    toggleGhost('1');
    expect(getState().history.ghosts.map((g) => [g.versionId, g.roi.points[1]])).toEqual([['1', [15, 10]]]);
    toggleGhost('1');
    expect(getState().history.ghosts).toEqual([]);
    expect(restoreVersion('1')).toBe(true);
    const rec = getState().rois.records[ID]!;
    expect(rec.sync).toBe('unsaved');
    expect(rec.roi.points[1]).toEqual([15, 10]);
    expect(rec.roi.id).toBe(ID);
    expect(getState().rois.undo.length).toBeGreaterThan(0);
  });
});
