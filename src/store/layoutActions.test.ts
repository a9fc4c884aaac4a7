import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { initialLayout } from './slices/layoutSlice';
import { initialViewer } from './slices/viewerSlice';
import { goToImage } from './viewerActions';
import { PRIOR_STUDY_HINT, setTool } from './sessionActions';
import { activateViewport, alignedIndex, loadPriors, setLayout, setViewportIndex, syncTargets, toggleSync, viewportView } from './layoutActions';
import { configureServices } from './services';
import type { StackImage, StudySummary } from '../domain/study/models';
import type { StudyQuery } from '../domain/study/StudyQuery';
import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { FhirClient } from '../adapters/fhir/FhirClient';

function stack(seriesUid: string, zs: readonly number[], frameOfReferenceUid = '9.9'): StackImage[] {
  return zs.map((z, i) => ({
    imageId: `${seriesUid}/${i}`,
    frameNumber: 1,
    isMultiframe: false,
    instance: {
      studyUid: '1.2',
      seriesUid,
      sopInstanceUid: `${seriesUid}.${i}`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      rows: 4,
      columns: 4,
      numberOfFrames: 1,
      imagePositionPatient: [0, 0, z],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      frameOfReferenceUid,
    },
  }));
}

beforeEach(() => setState((s) => ({ layout: initialLayout, viewer: { ...initialViewer, status: 'idle' }, session: { ...s.session, tool: 'Select' } })));

/** Puts a stack into a viewport as a finished series load would (the active one through the viewer slice). */
function show(id: string, images: StackImage[]) {
  setState((s) =>
    s.layout.activeId === id
      ? { viewer: { ...s.viewer, seriesUid: images[0]!.instance.seriesUid, seriesStatus: 'ready', images, index: 0 } }
      : { layout: { ...s.layout, viewports: s.layout.viewports.map((v) => (v.id === id ? { ...v, seriesUid: images[0]!.instance.seriesUid, seriesStatus: 'ready', images, index: 0 } : v)) } },
  );
}

const indices = () => getState().layout.viewports.map((v) => viewportView(getState(), v.id)!.index);

describe('layout actions', () => {
  it('starts as one viewport, active', () => {
    expect(getState().layout.layout).toBe('1x1');
    expect(getState().layout.viewports.map((v) => v.id)).toEqual(['vp-1']);
    expect(getState().layout.activeId).toBe('vp-1');
  });

  it('keeps what stays when the layout changes and falls back to the first viewport', () => {
    setLayout('2x2');
    show('vp-1', stack('A', [0, 1]));
    show('vp-4', stack('B', [0, 1]));
    activateViewport('vp-4');
    expect(getState().layout.activeId).toBe('vp-4');
    expect(getState().viewer.seriesUid).toBe('B');
    setLayout('1x2');
    expect(getState().layout.viewports).toHaveLength(2);
    expect(getState().layout.activeId).toBe('vp-1');
    expect(getState().viewer.seriesUid).toBe('A');
    activateViewport('vp-9');
    expect(getState().layout.activeId).toBe('vp-1');
  });

  it('swaps the viewer slice with the viewport made active, each keeping its own series and position', () => {
    setLayout('1x2');
    show('vp-1', stack('A', [0, 1, 2]));
    show('vp-2', stack('B', [0, 5, 10], '8.8'));
    goToImage(2);
    activateViewport('vp-2');
    expect(getState().viewer.seriesUid).toBe('B');
    expect(getState().viewer.index).toBe(0);
    goToImage(1);
    activateViewport('vp-1');
    expect(getState().viewer.seriesUid).toBe('A');
    expect(indices()).toEqual([2, 1]);
  });

  it('toggles sync per viewport', () => {
    setLayout('1x2');
    toggleSync('vp-2');
    expect(getState().layout.viewports.map((v) => v.sync)).toEqual([true, false]);
    toggleSync('vp-2');
    expect(getState().layout.viewports[1]?.sync).toBe(true);
  });

  it('refuses drawing tools while the active viewport shows a prior study', () => {
    setState((s) => ({ viewer: { ...s.viewer, studyUid: '1.2' } }));
    setLayout('1x2');
    show('vp-1', stack('A', [0, 1]));
    show('vp-2', stack('P', [0, 1]).map((i) => ({ ...i, instance: { ...i.instance, studyUid: '1.0' } })));
    setTool('Point');
    activateViewport('vp-2');
    expect(getState().session.tool).toBe('Select');
    expect(getState().rois.hint).toBe(PRIOR_STUDY_HINT);
    setTool('Circle');
    expect(getState().session.tool).toBe('Select');
    activateViewport('vp-1');
    setTool('Circle');
    expect(getState().session.tool).toBe('Circle');
  });
});

describe('sync by position', () => {
  const thin = stack('A', [0, 1.25, 2.5, 3.75, 5, 6.25, 7.5, 8.75, 10]);
  const thick = stack('B', [1, 6, 11]);
  const other = stack('C', [0, 5, 10], '8.8');

  beforeEach(() => {
    setLayout('2x2');
    show('vp-1', thin);
    show('vp-2', thick);
    show('vp-3', other);
  });

  it('moves viewports of the same Frame of Reference to the closest position, not the same index', () => {
    goToImage(3); // 3.75 mm
    expect(indices()).toEqual([3, 1, 0, 0]);
    goToImage(8); // 10 mm
    expect(indices()).toEqual([8, 2, 0, 0]);
  });

  it('leaves a viewport alone when its sync is off, or the source one is off', () => {
    toggleSync('vp-2');
    goToImage(8);
    expect(indices()[1]).toBe(0);
    expect(syncTargets('vp-1')).toEqual([]);
    toggleSync('vp-2'); // back on: joins the active one where it is
    expect(indices()[1]).toBe(2);
    toggleSync('vp-1');
    goToImage(0);
    expect(indices()[1]).toBe(2);
  });

  it('syncs from a thick series to the thin one when the thick one is scrolled', () => {
    activateViewport('vp-2');
    goToImage(1); // 6 mm: 6.25 is closest
    expect(indices()).toEqual([5, 1, 0, 0]);
  });

  it('does not sync from a viewport that moved because of sync (no bounce between spacings)', () => {
    goToImage(1); // 1.25 mm → thick index 0 (1 mm)
    setViewportIndex('vp-2', 0);
    expect(indices()[0]).toBe(1);
  });

  it('starts a series loaded beside a synced one at the matching position', () => {
    goToImage(7); // 8.75 mm
    expect(alignedIndex('vp-4', thick)).toBe(2);
    toggleSync('vp-4');
    expect(alignedIndex('vp-4', thick)).toBeUndefined();
  });
});

describe('loadPriors', () => {
  const current: StudySummary = { studyUid: '1.1', patientName: 'Sample^Ct', patientId: 'CT-1', studyDate: '2024-03-01', modalities: ['CT'] };
  const older: StudySummary = { ...current, studyUid: '1.0', studyDate: '2023-01-05' };
  const newer: StudySummary = { ...current, studyUid: '1.2', studyDate: '2025-06-30' };
  const otherPatient: StudySummary = { ...current, studyUid: '9.9', patientId: 'CT-10' };
  let asked: StudyQuery[] = [];

  function serve(answer: () => Promise<StudySummary[]>) {
    asked = [];
    configureServices({
      dicomweb: { searchStudies: (q: StudyQuery) => (asked.push(q), answer()) } as unknown as DicomWebClient,
      fhir: {} as FhirClient,
      wadoRoot: 'http://d',
      prefetch: false,
      selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' },
      patientIdentifierSystem: 'urn:sys',
    });
  }

  beforeEach(() => setState((s) => ({ viewer: { ...s.viewer, study: current } })));

  it('asks by PatientID and lists the other studies of that patient, newest first', async () => {
    serve(async () => [older, current, otherPatient, newer]);
    await loadPriors();
    expect(asked).toEqual([{ patientId: 'CT-1' }]);
    expect(getState().layout.priors).toEqual({ status: 'ready', forStudyUid: '1.1', studies: [newer, older] });
  });

  it('reports a failed search', async () => {
    serve(async () => {
      throw new Error('QIDO-RS answered 503');
    });
    await loadPriors();
    expect(getState().layout.priors).toMatchObject({ status: 'error', error: 'QIDO-RS answered 503', studies: [] });
  });

  it('drops an answer that arrives after another study was opened', async () => {
    let release: (v: StudySummary[]) => void = () => undefined;
    serve(() => new Promise((r) => (release = r)));
    const pending = loadPriors();
    setState((s) => ({ viewer: { ...s.viewer, study: otherPatient } }));
    release([older]);
    await pending;
    expect(getState().layout.priors.status).toBe('loading');
    expect(getState().layout.priors.forStudyUid).toBe('1.1');
  });
});

describe('a failed series load in a viewport that is left and made active again', () => {
  it('keeps its reason', () => {
    setLayout('1x2');
    setState((s) => ({ viewer: { ...s.viewer, status: 'ready', seriesUid: 'A', seriesStatus: 'error', images: [], error: 'WADO-RS answered 503' } }));
    activateViewport('vp-2');
    expect(getState().viewer.error).toBeUndefined();
    activateViewport('vp-1');
    expect(getState().viewer.seriesStatus).toBe('error');
    expect(getState().viewer.error).toBe('WADO-RS answered 503');
  });
});
