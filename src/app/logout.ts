import type { DraftPersistence } from './draftPersistence';
import type { StudySwitch } from './studySwitch';
import { dropUnsavedWork } from '../store/roiActions';
import { setPerformer } from '../store/sessionActions';
import { draftOwner, setUser } from '../store/userActions';

export interface LogoutDeps {
  readonly drafts: DraftPersistence | undefined;
  /** Forgets every token held in memory. */
  readonly signOut: () => void;
  readonly studySwitch: Pick<StudySwitch, 'leave'>;
}

/**
 * Logout (the header button or the host's `logout`): on a shared workstation
 * nothing of this user may stay for the next one. Their drafts on this
 * browser (every study), their unsaved work on screen and their token go,
 * and the viewer returns to the study list. Resolves with the number of
 * drafts deleted.
 */
export function createLogout(deps: LogoutDeps): () => Promise<number> {
  return async () => {
    const user = draftOwner();
    // Counted and cleared before the work leaves the screen (which would delete its drafts one by one).
    const cleared = (await deps.drafts?.clearUser(user)) ?? 0;
    dropUnsavedWork();
    deps.signOut();
    setPerformer(undefined);
    setUser(undefined);
    await deps.studySwitch.leave({ kind: 'browser' });
    return cleared;
  };
}
