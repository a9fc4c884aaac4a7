import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DraftStore, draftScope, type Draft } from './draftStore';
import type { Roi } from '../../domain/roi/Roi';

const roi = (id: string): Roi => ({
  id,
  kind: 'point',
  points: [[1.5, 2.25]],
  label: 'a',
  image: { studyUid: '1', seriesUid: '1.1', sopInstanceUid: '1.1.1', sopClassUid: '1.2' },
});

describe('DraftStore', () => {
  it('keeps drafts per scope and removes them one by one', async () => {
    const store = await DraftStore.open(`t-${Math.random()}`);
    const a = draftScope('http://fhir', 'S1', 'u1');
    const b = draftScope('http://fhir', 'S2', 'u1');
    const d = (scope: string, id: string): Draft => ({ scope, roiId: id, roi: roi(id), sync: 'unsaved', updatedAt: 'now' });
    await store.put(d(a, 'r1'));
    await store.put(d(a, 'r2'));
    await store.put(d(b, 'r3'));
    expect((await store.list(a)).map((x) => x.roiId).sort()).toEqual(['r1', 'r2']);
    await store.remove(a, 'r1');
    expect((await store.list(a)).map((x) => x.roiId)).toEqual(['r2']);
    expect((await store.list(a))[0]!.roi).toEqual(roi('r2'));
    await store.clear(a);
    expect(await store.list(a)).toEqual([]);
    expect(await store.list(b)).toHaveLength(1);
  });

  it('overwrites a draft on each edit', async () => {
    const store = await DraftStore.open(`t-${Math.random()}`);
    const s = draftScope('http://fhir', 'S1', 'u1');
    await store.put({ scope: s, roiId: 'r', roi: roi('r'), sync: 'unsaved', updatedAt: '1' });
    await store.put({ scope: s, roiId: 'r', roi: { ...roi('r'), label: 'b' }, sync: 'deleted', updatedAt: '2' });
    const [only] = await store.list(s);
    expect(only?.sync).toBe('deleted');
    expect(only?.roi.label).toBe('b');
  });
});
