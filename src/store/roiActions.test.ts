import { beforeEach, describe, expect, it } from 'vitest';
import { getState } from './appStore';
import { addRoi, applyDrafts, deleteRoi, discardRestored, markSaved, mergeLoaded, pendingRecords, redo, relabelRoi, resetRois, undo, updateRoi } from './roiActions';
import type { Roi } from '../domain/roi/Roi';

const image = { studyUid: '1', seriesUid: '1.1', sopInstanceUid: '1.1.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const point = (id: string, x = 10): Roi => ({ id, kind: 'point', points: [[x, 20]], label: '', image });
const server = (roi: Roi, versionId = '1') => ({ resourceId: `r-${roi.id}`, versionId, savedRoi: roi });

beforeEach(() => resetRois());

describe('ROI history', () => {
  it('undoes and redoes create, move, relabel and delete in order', () => {
    addRoi(point('a'));
    updateRoi(point('a', 30));
    relabelRoi('a', 'lesion', undefined);
    deleteRoi('a');
    expect(getState().rois.records.a).toBeUndefined();
    undo();
    expect(getState().rois.records.a?.roi.label).toBe('lesion');
    undo();
    expect(getState().rois.records.a?.roi.label).toBe('');
    undo();
    expect(getState().rois.records.a?.roi.points[0]).toEqual([10, 20]);
    undo();
    expect(getState().rois.records.a).toBeUndefined();
    redo();
    redo();
    expect(getState().rois.records.a?.roi.points[0]).toEqual([30, 20]);
    expect(getState().rois.redo).toHaveLength(2);
  });

  it('a new edit clears the redo stack', () => {
    addRoi(point('a'));
    undo();
    addRoi(point('b'));
    expect(getState().rois.redo).toEqual([]);
  });

  it('undo after a save keeps the server version, so the next save is not a false conflict', () => {
    addRoi(point('a'));
    updateRoi(point('a', 40));
    markSaved([{ id: 'a', record: { roi: point('a', 40), sync: 'saved', server: server(point('a', 40), '3') } }]);
    undo();
    const rec = getState().rois.records.a!;
    expect(rec.server?.versionId).toBe('3');
    expect(rec.sync).toBe('unsaved');
    redo();
    expect(getState().rois.records.a!.sync).toBe('saved');
  });

  it('deleting a saved ROI keeps it as deleted until saved; an unsaved one just goes', () => {
    mergeLoaded([{ roi: point('s'), sync: 'saved', server: server(point('s')) }]);
    addRoi(point('n'));
    deleteRoi('s');
    deleteRoi('n');
    expect(getState().rois.records.s?.sync).toBe('deleted');
    expect(getState().rois.records.n).toBeUndefined();
    expect(pendingRecords().map((r) => r.roi.id)).toEqual(['s']);
  });

  it('loading from the server never overwrites unsaved work', () => {
    addRoi(point('a', 50));
    mergeLoaded([{ roi: point('a', 10), sync: 'saved', server: server(point('a', 10)) }]);
    expect(getState().rois.records.a?.roi.points[0]).toEqual([50, 20]);
  });
});

describe('restored drafts', () => {
  it('come back unsaved; discarding reverts saved ROIs and drops new ones', () => {
    mergeLoaded([{ roi: point('s'), sync: 'saved', server: server(point('s')) }]);
    applyDrafts([
      { roi: point('s', 99), sync: 'unsaved' },
      { roi: point('n', 5), sync: 'unsaved' },
    ]);
    expect(getState().rois.records.s?.sync).toBe('unsaved');
    expect(getState().rois.restoredIds).toEqual(['s', 'n']);
    discardRestored();
    expect(getState().rois.records.s?.roi.points[0]).toEqual([10, 20]);
    expect(getState().rois.records.s?.sync).toBe('saved');
    expect(getState().rois.records.n).toBeUndefined();
  });

  it('the draft of an ROI drawn while the study loaded is not offered as restored work', () => {
    addRoi(point('live', 7));
    expect(applyDrafts([{ roi: point('live', 7), sync: 'unsaved' }])).toEqual([]);
    expect(getState().rois.restoredIds).toEqual([]);
    expect(getState().rois.records.live?.sync).toBe('unsaved');
  });

  it('a draft identical to the stored ROI is not restored', () => {
    mergeLoaded([{ roi: point('s'), sync: 'saved', server: server(point('s')) }]);
    applyDrafts([{ roi: point('s'), sync: 'unsaved' }]);
    expect(getState().rois.records.s?.sync).toBe('saved');
  });
});

describe('a cancelled half-drawn shape', () => {
  it('is not an ROI, but Undo brings it back and Redo cancels it again', async () => {
    const { recordCancelledShape, undo: undoIt, redo: redoIt, SHAPE_CANCELLED_HINT } = await import('./roiActions');
    const { getState: state } = await import('./appStore');
    const roi = { id: 'half', image: { studyUid: '1', seriesUid: '2', sopInstanceUid: '3', sopClassUid: '4' }, label: '', kind: 'polyline', points: [[1, 1], [5, 5]], closed: false } as const;
    const before = state().rois.order.length;
    recordCancelledShape(roi);
    expect(state().rois.records.half).toBeUndefined();
    expect(state().rois.hint).toBe(SHAPE_CANCELLED_HINT);
    undoIt();
    expect(state().rois.records.half).toMatchObject({ roi, sync: 'unsaved' });
    expect(state().rois.order.length).toBe(before + 1);
    redoIt();
    expect(state().rois.records.half).toBeUndefined();
  });
});
