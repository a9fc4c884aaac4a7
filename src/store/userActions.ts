import { getState, setState } from './appStore';
import { dropUnsavedWork } from './roiActions';

/**
 * The signed-in user changed (a host token for someone else, a new SMART
 * launch) or signed out (undefined). Unsaved work in memory belongs to the
 * previous user: it is dropped here, and stays in that user's drafts.
 */
export function setUser(user: string | undefined): void {
  const before = getState().session.user;
  if (before === user) return;
  setState((s) => ({ session: { ...s.session, user } }));
  if (before !== undefined) dropUnsavedWork();
}

/** The draft owner key: "anonymous" when nobody is signed in (auth mode none). */
export function draftOwner(): string {
  return getState().session.user ?? 'anonymous';
}
