import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { configureServices } from './services';
import { addRoi, resetRois } from './roiActions';
import { rememberInstances, resetStudyData } from './studyActions';
import { NO_STOW_REASON, saveKeyImage, type KeyImageCapture } from './keyImageActions';
import { FhirClient } from '../adapters/fhir/FhirClient';
import { mockResponse, scriptedFetch, type MockFetch } from '../adapters/fhir/mockFetch';
import { createStowClient } from '../adapters/dicomweb/stowClient';
import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { StackImage } from '../adapters/dicomweb/models';
import type { Roi } from '../domain/roi/Roi';

const INSTANCE = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', rows: 4, columns: 4, numberOfFrames: 1, patientId: 'P1', accessionNumber: 'A1' };
const IMAGE: StackImage = { imageId: 'wadors:x/frames/1', instance: INSTANCE, frameNumber: 1, isMultiframe: false };
const roi: Roi = { id: '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11', kind: 'point', points: [[1, 2]], label: '', image: { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: INSTANCE.sopClassUid } };
const shot: KeyImageCapture = { rgb: new Uint8Array(2 * 3 * 3), rows: 2, columns: 3, sopInstanceUid: '1.2.3.4' };

/** STOW-RS answers: the instance in the request is reported stored (or the given status with no body). */
function archive(status = 200): MockFetch & { stored: string[] } {
  const stored: string[] = [];
  const fn = scriptedFetch(async () => {
    if (status !== 200) return new Response('', { status });
    stored.push(lastUid);
    return new Response(JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [lastUid] } }] } }), { status: 200 });
  });
  return Object.assign(fn, { stored });
}
let lastUid = '';

function setup(opts: { stow?: MockFetch; fhir: MockFetch }) {
  resetStudyData();
  resetRois('1.2');
  configureServices({
    dicomweb: { forgetSeries: () => undefined, searchSeries: async () => [] } as unknown as DicomWebClient,
    ...(opts.stow
      ? {
          stow: createStowClient({
            stowRoot: 'http://dicom.test',
            fetch: async (input, init) => {
              // The SOP Instance UID the archive is asked to store, as the answer must name it.
              const text = new TextDecoder('latin1').decode(init?.body as Uint8Array);
              lastUid = /2\.25\.\d+/.exec(text)?.[0] ?? '';
              return opts.stow!(String(input), init ?? {});
            },
          }),
        }
      : {}),
    fhir: new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch: opts.fhir }),
    wadoRoot: 'http://dicom.test',
    prefetch: false,
    selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111030' },
  });
  rememberInstances([INSTANCE]);
  setState((s) => ({ viewer: { ...s.viewer, studyUid: '1.2', images: [IMAGE], index: 0, frameErrors: {} }, session: { ...s.session, accessMode: 'edit', keyImage: undefined, keyImageSeries: {} } }));
  addRoi(roi);
}

const saved = async () => ({ ok: true, message: 'Saved 1 region' });

beforeEach(() => resetRois());

describe('saveKeyImage', () => {
  it('without STOW-RS says why, and touches nothing', async () => {
    const fhir = scriptedFetch(mockResponse(500));
    setup({ fhir });
    const out = await saveKeyImage(async () => shot, saved);
    expect(out).toEqual({ ok: false, stage: 'unavailable', message: NO_STOW_REASON });
    expect(fhir.calls).toHaveLength(0);
    expect(getState().rois.records[roi.id]?.roi.illustrations).toBeUndefined();
  });

  it('an archive that refuses: a typed failure at the archive, no FHIR write, the ROI as it was', async () => {
    const fhir = scriptedFetch(mockResponse(500));
    setup({ stow: archive(403), fhir });
    const before = getState().rois.records[roi.id];
    const out = await saveKeyImage(async () => shot, saved);
    expect(out).toMatchObject({ ok: false, stage: 'archive' });
    expect(fhir.calls).toHaveLength(0);
    expect(getState().rois.records[roi.id]).toBe(before);
    expect(getState().session.keyImage?.state).toBe('failed');
  });

  it('stored but refused by the FHIR server: says so, the ROI as it was', async () => {
    const fhir = scriptedFetch(mockResponse(422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'bad' }] }));
    setup({ stow: archive(), fhir });
    const before = getState().rois.records[roi.id];
    const out = await saveKeyImage(async () => shot, saved);
    expect(out).toMatchObject({ ok: false, stage: 'fhir' });
    expect(out.message).toContain('stored in the archive');
    expect(getState().rois.records[roi.id]).toBe(before);
  });

  it('stores the image, records the illustration (conditional create) and links the shown ROI, then saves', async () => {
    const fhir = scriptedFetch(mockResponse(201, { resourceType: 'ImagingSelection', id: 'k1', meta: { versionId: '1' } }, { Location: 'http://fhir.test/fhir/ImagingSelection/k1/_history/1' }));
    const stow = archive();
    setup({ stow, fhir });
    let saves = 0;
    const out = await saveKeyImage(async () => shot, async () => (saves++, { ok: true, message: 'ok' }));
    expect(out).toMatchObject({ ok: true, selectionId: 'k1', roiIds: [roi.id] });
    expect(stow.stored).toEqual([(out as { sopInstanceUid: string }).sopInstanceUid]);
    const call = fhir.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.headers['If-None-Exist']).toMatch(/^identifier=urn:ietf:rfc:3986\|urn:uuid:/);
    expect(call.body).toMatchObject({ code: { coding: [{ code: '121200' }] }, instance: [{ uid: (out as { sopInstanceUid: string }).sopInstanceUid }], basedOn: [{ identifier: { value: 'A1' } }] });
    expect(getState().rois.records[roi.id]?.roi.illustrations).toEqual(['ImagingSelection/k1']);
    expect(saves).toBe(1);
    // A second key image goes into the same series, as image 2.
    const again = await saveKeyImage(async () => shot, saved);
    expect(again).toMatchObject({ ok: true, seriesUid: (out as { seriesUid: string }).seriesUid });
    expect(getState().session.keyImageSeries['1.2']?.count).toBe(2);
  });
});
