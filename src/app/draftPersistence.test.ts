import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setState, getState } from '../store/appStore';
import { addRoi, deleteRoi, markSaved, resetRois } from '../store/roiActions';
import { setUser } from '../store/userActions';
import { DraftStore, draftScope, type Draft } from '../adapters/drafts/draftStore';
import { startDraftPersistence, type DraftPersistence } from './draftPersistence';
import type { Roi } from '../domain/roi/Roi';

const FHIR = 'http://fhir.test/fhir';
const roi = (id: string, studyUid = 'S1'): Roi => ({ id, kind: 'point', points: [[1, 2]], label: '', image: { studyUid, seriesUid: `${studyUid}.1`, sopInstanceUid: `${studyUid}.1.1`, sopClassUid: '1.2' } });
const limits = { maxAgeDays: 30, maxBytes: 1_000_000 };

let raw: DraftStore;
let persistence: DraftPersistence | undefined;
/** Lets the serialised draft writes land. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};
const stored = async () => (await raw.all()).map((d) => [JSON.parse(d.scope)[1], JSON.parse(d.scope)[2], d.roiId, d.sync]).sort();

function openStudy(studyUid: string) {
  resetRois(studyUid);
  setState((s) => ({ viewer: { ...s.viewer, studyUid, status: 'ready' } }));
}

beforeEach(async () => {
  raw = await DraftStore.open();
  for (const d of await raw.all()) await raw.remove(d.scope, d.roiId);
  setUser(undefined);
  setState((s) => ({ session: { ...s.session, draftsWarning: undefined } }));
  openStudy('S1');
});

afterEach(() => {
  persistence?.stop();
  raw.close();
});

describe('draft persistence', () => {
  it('opening another study keeps the unsaved work of the first as drafts, restored when it is reopened', async () => {
    persistence = await startDraftPersistence(FHIR, limits);
    addRoi(roi('a'));
    addRoi(roi('b'));
    await settle();
    openStudy('S2');
    await settle();
    expect(await stored()).toEqual([['S1', 'anonymous', 'a', 'unsaved'], ['S1', 'anonymous', 'b', 'unsaved']]);
    openStudy('S1');
    expect(await persistence!.restore('S1')).toBe(2);
    expect(getState().rois.order).toEqual(['a', 'b']);
    expect(getState().rois.records.a?.sync).toBe('unsaved');
  });

  it('a deleted never-saved ROI loses its draft; Discard deletes the study’s drafts', async () => {
    persistence = await startDraftPersistence(FHIR, limits);
    addRoi(roi('a'));
    addRoi(roi('b'));
    await settle();
    deleteRoi('a');
    await settle();
    expect(await stored()).toEqual([['S1', 'anonymous', 'b', 'unsaved']]);
    await persistence!.discard('S1');
    expect(await stored()).toEqual([]);
  });

  it('drafts belong to one user: another user does not get them, logout clears only that user’s', async () => {
    persistence = await startDraftPersistence(FHIR, limits);
    setUser('alice');
    addRoi(roi('a'));
    await settle();
    openStudy('S2');
    addRoi(roi('c', 'S2'));
    await settle();
    setUser('bob');
    await settle();
    // Alice's unsaved work left the screen with her.
    expect(getState().rois.order).toEqual([]);
    addRoi(roi('b', 'S2'));
    await settle();
    openStudy('S1');
    expect(await persistence!.restore('S1')).toBe(0);
    expect(getState().rois.order).toEqual([]);
    expect(await persistence!.clearUser('alice')).toBe(2);
    expect(await stored()).toEqual([['S2', 'bob', 'b', 'unsaved']]);
  });

  it('work drawn before sign-in moves to the user who signs in', async () => {
    persistence = await startDraftPersistence(FHIR, limits);
    addRoi(roi('a'));
    await settle();
    setUser('alice');
    await settle();
    expect(await stored()).toEqual([['S1', 'alice', 'a', 'unsaved']]);
  });

  it('drafts older than maxAgeDays are deleted at start', async () => {
    const now = Date.parse('2026-06-30T00:00:00Z');
    const d = (id: string, daysOld: number): Draft => ({ scope: draftScope(FHIR, 'S1', 'anonymous'), roiId: id, roi: roi(id), sync: 'unsaved', updatedAt: new Date(now - daysOld * 86_400_000).toISOString() });
    await raw.put(d('old', 31));
    await raw.put(d('fresh', 29));
    persistence = await startDraftPersistence(FHIR, limits, () => now);
    expect((await raw.all()).map((x) => x.roiId)).toEqual(['fresh']);
  });

  it('warns before the size cap and stops writing at it (the work stays on screen)', async () => {
    const one = JSON.stringify({ scope: draftScope(FHIR, 'S1', 'anonymous'), roiId: 'a', roi: roi('a'), sync: 'unsaved', updatedAt: new Date().toISOString() }).length * 2;
    persistence = await startDraftPersistence(FHIR, { maxAgeDays: 30, maxBytes: Math.floor(one * 4.5) });
    for (const id of ['a', 'b', 'c']) addRoi(roi(id));
    await settle();
    expect(getState().session.draftsWarning).toBeUndefined();
    addRoi(roi('d'));
    await settle();
    expect(getState().session.draftsWarning).toMatch(/Draft storage is \d+ % full/);
    addRoi(roi('e'));
    await settle();
    expect(getState().session.draftsWarning).toMatch(/Draft storage is full/);
    expect((await raw.all()).length).toBe(4);
    expect(getState().rois.order).toHaveLength(5);
  });

  it('drafts the server already holds are deleted when the study is restored', async () => {
    persistence = await startDraftPersistence(FHIR, limits);
    addRoi(roi('a'));
    await settle();
    openStudy('S2');
    openStudy('S1');
    // The server has exactly this ROI (saved from another tab before this one died).
    markSaved([{ id: 'a', record: { roi: roi('a'), sync: 'saved', server: { resourceId: '9', versionId: '1', savedRoi: roi('a') } } }]);
    expect(await persistence!.restore('S1')).toBe(0);
    expect(await stored()).toEqual([]);
  });
});
