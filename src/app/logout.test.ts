import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getState } from '../store/appStore';
import { addRoi, resetRois } from '../store/roiActions';
import { setUser } from '../store/userActions';
import type { DraftPersistence } from './draftPersistence';
import { createLogout } from './logout';
import type { Roi } from '../domain/roi/Roi';

const roi: Roi = { id: 'r1', kind: 'point', points: [[1, 2]], label: '', image: { studyUid: 'S', seriesUid: 'S.1', sopInstanceUid: 'S.1.1', sopClassUid: '1.2' } };

beforeEach(() => {
  resetRois('S');
  setUser(undefined);
});

describe('logout', () => {
  it('clears the user’s drafts first, then the work on screen, the token and the user, and leaves the study', async () => {
    setUser('dr-a');
    addRoi(roi);
    const calls: string[] = [];
    const drafts = {
      clearUser: vi.fn(async (user: string) => {
        // The work is still on screen while its drafts are counted.
        calls.push(`clear ${user} with ${getState().rois.order.length} on screen`);
        return 3;
      }),
    } as unknown as DraftPersistence;
    const signOut = vi.fn(() => calls.push('signOut'));
    const leave = vi.fn(async () => {
      calls.push(`leave as ${getState().session.user ?? 'nobody'}`);
      return { left: true };
    });
    expect(await createLogout({ drafts, signOut, studySwitch: { leave } })()).toBe(3);
    expect(calls).toEqual(['clear dr-a with 1 on screen', 'signOut', 'leave as nobody']);
    expect(leave).toHaveBeenCalledWith({ kind: 'browser' });
    expect(getState().rois.order).toEqual([]);
  });

  it('works without a draft store (IndexedDB unavailable)', async () => {
    expect(await createLogout({ drafts: undefined, signOut: () => undefined, studySwitch: { leave: async () => ({ left: true }) } })()).toBe(0);
  });
});
