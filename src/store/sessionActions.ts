import { getState, setState } from './appStore';
import type { ToolMode } from '../domain/roi/ToolMode';
import { sameProgress, type ShapeProgress } from '../domain/roi/ShapeProgress';

export const UNREADABLE_IMAGE_HINT = 'This image could not be displayed, so it cannot be drawn on. Go to an image that displays to draw.';

/** Whether the image on screen failed to decode: its pixels are not shown, so nothing may be drawn on it. */
export function currentImageUnreadable(s = getState()): boolean {
  const img = s.viewer.images[s.viewer.index];
  return !!img && s.viewer.frameErrors[img.imageId] !== undefined;
}

/** A hint for a drawing tool picked while the active viewport shows another study of the patient. */
export const PRIOR_STUDY_HINT = 'This viewport shows a prior study: open that study to draw on it.';

/** Whether the active viewport shows a study other than the open one (a prior): drawing there is refused. */
export function activeShowsPrior(s = getState()): boolean {
  const img = s.viewer.images[s.viewer.index];
  return !!img && !!s.viewer.studyUid && img.instance.studyUid !== s.viewer.studyUid;
}

/**
 * Picking a drawing tool enters `drawing`; Select leaves it. Review mode
 * refuses drawing tools, and so does an image that could not be displayed
 * (with a hint saying why).
 */
export function setTool(tool: ToolMode): void {
  const { session } = getState();
  if (session.accessMode === 'review' && tool !== 'Select') return;
  if (tool !== 'Select' && currentImageUnreadable()) {
    setState((s) => ({ rois: { ...s.rois, hint: UNREADABLE_IMAGE_HINT } }));
    return;
  }
  if (tool !== 'Select' && activeShowsPrior()) {
    setState((s) => ({ rois: { ...s.rois, hint: PRIOR_STUDY_HINT } }));
    return;
  }
  if (session.mode.name === 'saving') {
    setState((s) => ({ session: { ...s.session, tool } }));
    return;
  }
  setState((s) => ({ session: { ...s.session, tool, mode: tool === 'Select' ? { name: 'idle' } : { name: 'drawing', tool } } }));
}

export function setAccessMode(accessMode: 'edit' | 'review'): void {
  setState((s) => ({
    session: {
      ...s.session,
      accessMode,
      tool: accessMode === 'review' ? 'Select' : s.session.tool,
      mode: accessMode === 'review' && s.session.mode.name === 'drawing' ? { name: 'idle' } : s.session.mode,
    },
  }));
}

export function enterSaving(count: number): boolean {
  if (getState().session.mode.name === 'saving') return false;
  setState((s) => ({ session: { ...s.session, mode: { name: 'saving', count } } }));
  return true;
}

/** Leaves `saving` for `idle`/`drawing` (success) or `error` (failure). */
export function leaveSaving(result: { ok: true; message: string } | { ok: false; message: string }): void {
  setState((s) => {
    const back = s.session.tool === 'Select' ? { name: 'idle' as const } : { name: 'drawing' as const, tool: s.session.tool };
    return {
      session: {
        ...s.session,
        lastSaveMessage: result.message,
        mode: result.ok ? back : { name: 'error', message: result.message },
      },
    };
  });
}

/** The way out of `error`: the user dismisses it (work stays unsaved and listed). */
export function dismissError(): void {
  setState((s) =>
    s.session.mode.name === 'error'
      ? { session: { ...s.session, mode: s.session.tool === 'Select' ? { name: 'idle' } : { name: 'drawing', tool: s.session.tool } } }
      : s,
  );
}

export function setLaunchPatient(patient: string | undefined): void {
  setState((s) => ({ session: { ...s.session, launchPatient: patient } }));
}

/** The SMART token could not be renewed: the user must relaunch (unsaved work stays in the drafts). */
export function setRelaunchNeeded(needed: boolean): void {
  setState((s) => ({ session: { ...s.session, relaunchNeeded: needed } }));
}

/** The host's claim about the patient (?patient=); a save is refused when it disagrees with the study. */
export function setHostPatient(patient: string | undefined): void {
  setState((s) => ({ session: { ...s.session, hostPatient: patient } }));
}

/** The signed-in user (SMART fhirUser), written as the ImagingSelection performer. */
export function setPerformer(performer: { reference?: string; display?: string } | undefined): void {
  setState((s) => ({ session: { ...s.session, performer } }));
}

export function setDraftsWarning(draftsWarning: string | undefined): void {
  if (getState().session.draftsWarning !== draftsWarning) setState((s) => ({ session: { ...s.session, draftsWarning } }));
}

/** The engine reports the shape in progress after each pointer move, click and key; only a change is stored. */
export function setShapeProgress(progress: ShapeProgress | undefined): void {
  if (sameProgress(getState().session.shapeProgress, progress)) return;
  setState((s) => ({ session: { ...s.session, shapeProgress: progress } }));
}
