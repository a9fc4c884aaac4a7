import { beforeEach, describe, expect, it } from 'vitest';
import { getState, setState } from './appStore';
import { initialLayout } from './slices/layoutSlice';
import { activateViewport, assignSeries, loadPriors, setLayout, setViewportIndex, syncFrom, syncTargets, toggleSync } from './layoutActions';
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

beforeEach(() => setState({ layout: initialLayout }));

describe('layout actions', () => {
  it('starts as one viewport, active', () => {
    expect(getState().layout.layout).toBe('1x1');
    expect(getState().layout.viewports.map((v) => v.id)).toEqual(['vp-1']);
    expect(getState().layout.activeId).toBe('vp-1');
  });

  it('keeps what stays when the layout changes and falls back to the first viewport', () => {
    setLayout('2x2');
    assignSeries('vp-1', '1.2', 'A');
    assignSeries('vp-4', '1.2', 'B');
    activateViewport('vp-4');
    expect(getState().layout.activeId).toBe('vp-4');
    setLayout('1x2');
    expect(getState().layout.viewports).toHaveLength(2);
    expect(getState().layout.viewports[0]?.seriesUid).toBe('A');
    expect(getState().layout.activeId).toBe('vp-1');
    activateViewport('vp-9');
    expect(getState().layout.activeId).toBe('vp-1');
  });

  it('toggles sync per viewport', () => {
    setLayout('1x2');
    toggleSync('vp-2');
    expect(getState().layout.viewports.map((v) => v.sync)).toEqual([true, false]);
    toggleSync('vp-2');
    expect(getState().layout.viewports[1]?.sync).toBe(true);
  });
});

describe('syncFrom', () => {
  const thin = stack('A', [0, 1.25, 2.5, 3.75, 5, 6.25, 7.5, 8.75, 10]);
  const thick = stack('B', [1, 6, 11]);
  const other = stack('C', [0, 5, 10], '8.8');

  beforeEach(() => {
    setLayout('2x2');
    assignSeries('vp-1', '1.2', 'A');
    assignSeries('vp-2', '1.2', 'B');
    assignSeries('vp-3', '1.2', 'C');
  });

  const imagesOf = (id: string) => ({ 'vp-1': thin, 'vp-2': thick, 'vp-3': other })[id];

  it('moves viewports of the same Frame of Reference to the closest position, not the same index', () => {
    setViewportIndex('vp-1', 3); // 3.75 mm
    syncFrom('vp-1', imagesOf);
    expect(getState().layout.viewports.map((v) => v.index)).toEqual([3, 1, 0, 0]);
    setViewportIndex('vp-1', 8); // 10 mm
    syncFrom('vp-1', imagesOf);
    expect(getState().layout.viewports[1]?.index).toBe(2);
  });

  it('leaves a viewport alone when its sync is off, or the source one is off', () => {
    toggleSync('vp-2');
    setViewportIndex('vp-1', 8);
    expect(syncTargets('vp-1', imagesOf)).toEqual([]);
    toggleSync('vp-2');
    toggleSync('vp-1');
    expect(syncTargets('vp-1', imagesOf)).toEqual([]);
  });

  it('syncs back from a thick series to the thin one', () => {
    setViewportIndex('vp-2', 1); // 6 mm: 6.25 is closest
    syncFrom('vp-2', imagesOf);
    expect(getState().layout.viewports[0]?.index).toBe(5);
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
