/** Shared test data for the ImagingSelection tests (not used by product code). */
import type { CircleRoi, EllipseRoi, ImageRef, InterpolatedRoi, MultipointRoi, PointRoi, PolylineRoi, Roi } from '../../roi/Roi';
import type { SelectionContext } from '../SelectionContext';
import type { IndexedInstance, StudyIndex } from '../StudyIndex';

export const STUDY_UID = '1.2.826.0.1.3680043.8.498.10000000000000000000000000000001';
export const SERIES_UID = '1.2.826.0.1.3680043.8.498.10000000000000000000000000000002';
export const SOP_UID = '1.2.826.0.1.3680043.8.498.10000000000000000000000000000003';
export const MF_SOP_UID = '1.2.826.0.1.3680043.8.498.10000000000000000000000000000004';
export const CT_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.2';
export const US_MF_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.3.1';

export const image: ImageRef = { studyUid: STUDY_UID, seriesUid: SERIES_UID, sopInstanceUid: SOP_UID, sopClassUid: CT_SOP_CLASS };
export const mfImage: ImageRef = { ...image, sopInstanceUid: MF_SOP_UID, sopClassUid: US_MF_SOP_CLASS, frameNumber: 5 };

export const ctx: SelectionContext = {
  subject: { reference: 'Patient/p1', identifier: { system: 'urn:oid:1.2.3.4', value: 'MRN-42' } },
  imagingStudyId: 'study-1',
  studyUid: STUDY_UID,
  seriesUid: SERIES_UID,
  seriesNumber: 3,
  frameOfReferenceUid: '1.2.826.0.1.3680043.8.498.10000000000000000000000000000009',
  accessionNumber: 'ACC-0042',
  instance: { sopInstanceUid: SOP_UID, sopClassUid: CT_SOP_CLASS, instanceNumber: 12, rows: 512, columns: 512, numberOfFrames: 1 },
  performer: { reference: 'Practitioner/dr-who', display: 'Dr Who' },
  issued: '2025-01-02T03:04:05.678Z',
};

export const mfCtx: SelectionContext = {
  ...ctx,
  instance: { sopInstanceUid: MF_SOP_UID, sopClassUid: US_MF_SOP_CLASS, instanceNumber: 1, rows: 480, columns: 640, numberOfFrames: 10 },
};

const lesion = { system: 'http://snomed.info/sct', code: '52988006', display: 'Lesion' };

export const rois = {
  point: { id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e01', image, label: 'marker', kind: 'point', points: [[100.5, 200.25]] } satisfies PointRoi,
  polyline: {
    id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e02',
    image,
    label: 'path',
    kind: 'polyline',
    closed: false,
    points: [[10, 10], [20.1234, 15], [30, 40.5]],
  } satisfies PolylineRoi,
  polygon: {
    id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e03',
    image,
    label: 'outline',
    finding: lesion,
    kind: 'polyline',
    closed: true,
    points: [[10, 10], [50, 10], [50, 60], [10, 60]],
  } satisfies PolylineRoi,
  interpolated: {
    id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e04',
    image,
    label: 'curve',
    kind: 'interpolated',
    closed: true,
    points: [[100, 100], [140, 110], [150, 150], [105, 145]],
  } satisfies InterpolatedRoi,
  circle: { id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e05', image, label: '', kind: 'circle', points: [[256, 256], [266, 256]] } satisfies CircleRoi,
  ellipse: {
    id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e06',
    image: mfImage,
    label: 'lesion 1',
    finding: lesion,
    kind: 'ellipse',
    points: [[300, 200], [340, 240], [330, 210], [310, 230]],
  } satisfies EllipseRoi,
  multipoint: {
    id: '0b4d7c2e-3f6a-4e1b-9c8d-1a2b3c4d5e07',
    image,
    label: 'seeds',
    kind: 'multipoint',
    points: [[1, 2], [3, 4]],
  } satisfies MultipointRoi,
} as const satisfies Record<string, Roi>;

export const ctxFor = (roi: Roi): SelectionContext => (roi.image.frameNumber !== undefined ? mfCtx : ctx);

const entry = (rows: number, columns: number, frames: number, sopClassUid: string): IndexedInstance => ({ rows, columns, frames, seriesUid: SERIES_UID, sopClassUid });
export const study: StudyIndex = new Map([
  [SOP_UID, entry(512, 512, 1, CT_SOP_CLASS)],
  [MF_SOP_UID, entry(480, 640, 10, US_MF_SOP_CLASS)],
]);
