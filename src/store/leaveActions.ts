import { setState } from './appStore';
import { pendingCounts } from './roiActions';
import type { LeavePrompt, LeaveTarget } from './slices/sessionSlice';

/** Opens the "unsaved changes" question for a way out of the study; false when there is nothing unsaved. */
export function askToLeave(target: LeaveTarget): boolean {
  const counts = pendingCounts();
  if (counts.unsaved + counts.deleted === 0) return false;
  setState((s) => ({ session: { ...s.session, leave: { target, ...counts } } }));
  return true;
}

export function updateLeavePrompt(change: Partial<Pick<LeavePrompt, 'busy' | 'error'>>): void {
  setState((s) => (s.session.leave ? { session: { ...s.session, leave: { ...s.session.leave, ...change } } } : s));
}

/** The user stays on the study (or the choice was carried out). */
export function closeLeavePrompt(): void {
  setState((s) => (s.session.leave ? { session: { ...s.session, leave: undefined } } : s));
}
