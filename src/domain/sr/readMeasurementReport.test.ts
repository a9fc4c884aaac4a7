import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMeasurementReport, formatDs, type NaturalDataset } from './buildMeasurementReport';
import { readMeasurementReport } from './readMeasurementReport';
import { reportRois, type SrImageInfo } from './reportRois';
import { roiToGroup } from './roiGroup';
import type { Roi } from '../roi/Roi';

const image = { studyUid: '1.2.3', seriesUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' };
const info: SrImageInfo = { image, rows: 100, columns: 50, numberOfFrames: 1 };
const lookup = (uid: string) => (uid === image.sopInstanceUid ? info : undefined);
const circle: Roi = { id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e05', image, label: 'c', kind: 'circle', points: [[25, 50], [30, 50]] };

function reportWith(groups: ReturnType<typeof roiToGroup>[]): NaturalDataset {
  return buildMeasurementReport({
    studyUid: '1.2.3',
    seriesUid: '1.2.3.9',
    sopInstanceUid: '1.2.3.9.1',
    seriesNumber: 900,
    instanceNumber: 2,
    contentTime: '2026-12-02T17:05:00Z',
    patientStudy: {},
    personObserver: 'Smith^Ann',
    device: { uid: '2.25.1', name: 'ROI viewer', manufacturer: 'roi-viewer', softwareVersion: '1' },
    groups,
    evidence: [image],
    predecessor: { studyUid: '1.2.3', seriesUid: '1.2.3.9', sopInstanceUid: '1.2.3.9.0', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33' },
  });
}

/** The Imaging Measurements container of a built report, and where it sits. */
function measurementsIndex(ds: NaturalDataset): { index: number; item: NaturalDataset } {
  const list = ds.ContentSequence as NaturalDataset[];
  const index = list.findIndex((i) => (i.ConceptNameCodeSequence as NaturalDataset[] | undefined)?.[0]?.CodeValue === '126010');
  return { index, item: list[index]! };
}

const withScoord = (graphicType: string, graphicData: number[], sopInstanceUid = image.sopInstanceUid) => {
  const g = roiToGroup(circle, []);
  return { ...g, trackingIdentifier: `${graphicType} ${graphicData.length}`, scoord: { ...g.scoord, graphicType: graphicType as never, graphicData, image: { ...g.scoord.image, sopInstanceUid } } };
};

describe('readMeasurementReport', () => {
  it('reads the header: author, time, predecessor', () => {
    const r = readMeasurementReport(reportWith([roiToGroup(circle, [])]));
    expect(r.header).toMatchObject({ author: 'Smith, Ann', time: '2026-12-02 17:05', instanceNumber: 2, predecessors: ['1.2.3.9.0'] });
  });

  it('reports each bad group with its reason and still shows the good ones', () => {
    const ds = reportWith([
      roiToGroup(circle, []),
      withScoord('POLYLINE', [1, 2, 3]),
      withScoord('CIRCLE', [10, 10, 60, 10]),
      withScoord('POLYLINE', [1, 2, 3, 4], '9.9.9'),
      withScoord('SPLINE', [1, 2, 3, 4]),
      withScoord('ELLIPSE', [1, 2, 3, 4]),
    ]);
    const { shown, unshown } = reportRois(readMeasurementReport(ds), lookup);
    expect(shown.map((s) => s.roi.points)).toEqual([circle.points]);
    expect(unshown.map((u) => u.reason)).toEqual([
      'odd number of coordinates (3) in POLYLINE',
      'point (60, 10) is outside the 50×100 image',
      'the referenced image 9.9.9 is not in this study',
      'graphic type SPLINE is not a 2D SCOORD type this viewer draws',
      'ELLIPSE with 2 points',
    ]);
  });

  it('lists SCOORD3D regions as not shown', () => {
    const ds = reportWith([roiToGroup(circle, [])]);
    const group = (measurementsIndex(ds).item.ContentSequence as NaturalDataset[])[0]!;
    const groups = group.ContentSequence as NaturalDataset[];
    const scoord = groups.find((i) => i.ValueType === 'SCOORD')!;
    scoord.ValueType = 'SCOORD3D';
    const { shown, unshown } = reportRois(readMeasurementReport(ds), lookup);
    expect(shown).toEqual([]);
    expect(unshown[0]!.reason).toMatch(/^SCOORD3D CIRCLE/);
  });

  it('refuses an SR that is not TID 1500, and anything that is not a dataset', () => {
    const notTid1500 = { ...reportWith([]), ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic imaging report' }], ContentTemplateSequence: [{ TemplateIdentifier: '2000', MappingResource: 'DCMR' }] };
    expect(readMeasurementReport(notTid1500).issues[0]!.message).toBe('Not a TID 1500 Measurement Report (Diagnostic imaging report, TID 2000)');
    expect(readMeasurementReport({ ...reportWith([]), SOPClassUID: '1.2.840.10008.5.1.4.1.1.2' }).issues[0]!.message).toMatch(/^Not a structured report/);
    expect(readMeasurementReport(undefined).issues[0]!.message).toBe('The file could not be read as DICOM');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = readMeasurementReport(x);
        reportRois(r, lookup);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const ds = reportWith([roiToGroup(circle, [])]);
        (ds.ContentSequence as unknown[])[measurementsIndex(ds).index] = { ValueType: 'CONTAINER', ConceptNameCodeSequence: [{ CodeValue: '126010', CodingSchemeDesignator: 'DCM' }], ContentSequence: [{ ValueType: 'CONTAINER', ContentSequence: [{ ValueType: 'SCOORD', GraphicType: 'POLYLINE', GraphicData: v, ContentSequence: v }] }] };
        reportRois(readMeasurementReport(ds), lookup);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatDs', () => {
  it('writes a figure (4 decimals, as the panel rounds them) in at most 16 characters that read back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        const v = n / 1e4;
        const s = formatDs(v);
        expect(s.length).toBeLessThanOrEqual(16);
        expect(Number(s)).toBe(v);
      }),
    );
  });
});
