import { beforeEach, describe, expect, it } from 'vitest';
import { getState } from './appStore';
import { applyLoaded } from './loadActions';
import { addRoi, resetRois } from './roiActions';
import type { StudyIndex } from '../domain/imaging-selection/StudyIndex';

const STUDY = '1.2';
const selection = (id: string, uid: string, sop: string, coordinate: number[]) => ({
  resourceType: 'ImagingSelection',
  id,
  meta: { versionId: '1' },
  identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uid}` }],
  status: 'available',
  code: { text: 'x' },
  studyUid: STUDY,
  seriesUid: '1.2.3',
  instance: [{ uid: sop, sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' }, imageRegion2D: [{ regionType: 'point', coordinate }] }],
});
const A = selection('1', '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11', '1.2.3.4', [10, 10]);
const B = selection('2', '7f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b12', '9.9.9', [10, 10]); // not in the study
const index: StudyIndex = new Map([['1.2.3.4', { rows: 64, columns: 64, frames: 1, seriesUid: '1.2.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' }]]);

beforeEach(() => resetRois());

describe('loading saved selections page by page, then validating', () => {
  it('shows each page at once, then withdraws what the study index rejects', () => {
    const shown = new Set([...applyLoaded([A], undefined, { replace: false }), ...applyLoaded([B], undefined, { replace: false })]);
    expect(getState().rois.order).toHaveLength(2);
    applyLoaded([A, B], index, { replace: true, shownBefore: shown });
    expect(Object.values(getState().rois.records).map((r) => r.server?.resourceId)).toEqual(['1']);
  });

  it('never withdraws unsaved work or an ROI that was not part of the first pass', () => {
    const shown = new Set(applyLoaded([A], undefined, { replace: false }));
    addRoi({ id: 'mine', kind: 'point', points: [[1, 1]], label: '', image: { studyUid: STUDY, seriesUid: '1.2.3', sopInstanceUid: '9.9.9', sopClassUid: 'c' } });
    applyLoaded([A], index, { replace: true, shownBefore: shown });
    expect(getState().rois.records.mine?.sync).toBe('unsaved');
    expect(getState().rois.order).toHaveLength(2);
  });
});
