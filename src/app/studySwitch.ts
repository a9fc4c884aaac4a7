import { getState } from '../store/appStore';
import { askToLeave, closeLeavePrompt, updateLeavePrompt } from '../store/leaveActions';
import { pendingRecords } from '../store/roiActions';
import type { LeaveChoice, LeaveTarget } from '../store/slices/sessionSlice';
import type { SaveOutcome } from '../store/saveActions';
import { followUrl, navigateToBrowser, navigateToStudy, readUrl } from './navigation';

export interface StudySwitchDeps {
  /** The save queue's save: the same path as the Save button. */
  readonly save: () => Promise<SaveOutcome>;
  /** Deletes the drafts of a study for the current user (the Discard choice). */
  readonly discardDrafts: (studyUid: string) => Promise<void>;
}

export interface LeaveResult {
  readonly left: boolean;
  /** Why not: the question is open, or the chosen save failed (the work is still here). */
  readonly message?: string;
}

const stays = (target: LeaveTarget, studyUid: string) =>
  (target.kind === 'study' && target.studyUid === studyUid) || (target.kind === 'history' && readUrl(target.search).studyUid === studyUid);

/**
 * Every way out of an open study (Back to studies, another study, browser
 * back/forward, the host's open-study) comes through here. With unsaved work
 * the user is asked: Save, Keep as draft (the drafts stay in IndexedDB and come
 * back when the study is reopened) or Discard; nothing is dropped silently.
 */
export function createStudySwitch(deps: StudySwitchDeps) {
  /** The query string of what is on screen, to put back while the user decides after back/forward. */
  let shownSearch = window.location.search;

  function go(target: LeaveTarget): void {
    if (target.kind === 'study') navigateToStudy(target.studyUid, target.seriesUid);
    else if (target.kind === 'browser') navigateToBrowser();
    else {
      window.history.pushState(null, '', target.search || window.location.pathname);
      followUrl();
    }
    shownSearch = window.location.search;
  }

  async function carryOut(target: LeaveTarget, choice: LeaveChoice): Promise<LeaveResult> {
    const studyUid = getState().viewer.studyUid;
    if (choice === 'save') {
      updateLeavePrompt({ busy: true, error: undefined });
      const out = await deps.save();
      if (pendingRecords().length) {
        const message = out.ok ? 'Some regions are still unsaved' : out.message;
        updateLeavePrompt({ busy: false, error: message });
        return { left: false, message };
      }
    }
    if (choice === 'discard' && studyUid) await deps.discardDrafts(studyUid);
    closeLeavePrompt();
    go(target);
    return { left: true };
  }

  return {
    /** Leaves at once when nothing is unsaved or a policy is given; otherwise asks (or, with ask false, only reports). */
    leave(target: LeaveTarget, policy?: LeaveChoice, { ask = true } = {}): Promise<LeaveResult> {
      const open = getState().viewer.studyUid;
      if (!open || stays(target, open) || pendingRecords().length === 0) {
        go(target);
        return Promise.resolve({ left: true });
      }
      if (policy) return carryOut(target, policy);
      if (ask) askToLeave(target);
      return Promise.resolve({ left: false, message: 'unsaved changes' });
    },
    /** The user's answer in the dialog. */
    choose(choice: LeaveChoice): void {
      const prompt = getState().session.leave;
      if (!prompt || prompt.busy) return;
      void carryOut(prompt.target, choice);
    },
    stay(): void {
      closeLeavePrompt();
    },
    /** Browser back/forward: the URL has already changed; show the study's URL again until the user decides. */
    onPopState(): void {
      const search = window.location.search;
      const open = getState().viewer.studyUid;
      const target: LeaveTarget = { kind: 'history', search };
      if (open && !stays(target, open) && pendingRecords().length) {
        window.history.pushState(null, '', shownSearch || window.location.pathname);
        askToLeave(target);
        return;
      }
      shownSearch = search;
      followUrl();
    },
  };
}

export type StudySwitch = ReturnType<typeof createStudySwitch>;
