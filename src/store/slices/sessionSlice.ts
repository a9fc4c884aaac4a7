import type { StateCreator } from 'zustand';
import type { ToolMode } from '../../domain/roi/ToolMode';
import type { AppState } from '../appStore';
import type { ShapeProgress } from '../../domain/roi/ShapeProgress';
import type { Point2 } from '../../domain/roi/Roi';

/** The editor's named modes. Each has explicit ways out, tested in sessionActions.test.ts. */
export type EditorMode =
  | { readonly name: 'idle' }
  | { readonly name: 'drawing'; readonly tool: ToolMode }
  | { readonly name: 'saving'; readonly count: number }
  | { readonly name: 'error'; readonly message: string };

export interface Conflict {
  readonly roiId: string;
  readonly mine: unknown;
  readonly theirs: unknown;
  readonly theirsVersion: string;
  /** A create found its identifier stored more than once; the choice applies to the first copy. */
  readonly copies?: number;
}

/** Where the user asked to go while the open study has unsaved work. */
export type LeaveTarget =
  | { readonly kind: 'study'; readonly studyUid: string; readonly seriesUid?: string }
  | { readonly kind: 'browser' }
  /** Browser back/forward: the query string of the history entry. */
  | { readonly kind: 'history'; readonly search: string };

export type LeaveChoice = 'save' | 'keep' | 'discard';

/** The "unsaved changes" question: open until the user saves, keeps, discards or stays. */
export interface LeavePrompt {
  readonly target: LeaveTarget;
  readonly unsaved: number;
  readonly deleted: number;
  /** A choice is being carried out (saving). */
  readonly busy?: boolean;
  /** Why the last choice could not be carried out (the save failed): the work is still here. */
  readonly error?: string;
}

export interface SessionSlice {
  session: {
    accessMode: 'edit' | 'review';
    tool: ToolMode;
    mode: EditorMode;
    lastSaveMessage?: string;
    conflicts: readonly Conflict[];
    /** Patient from the SMART launch context; the subject only when the study has none. */
    launchPatient?: string;
    /** Patient the host's link names (?patient=): checked against the study, never the subject. */
    hostPatient?: string;
    /** The SMART sign-in expired and could not be renewed. */
    relaunchNeeded?: boolean;
    performer?: { reference?: string; display?: string };
    /** Browser connectivity as the save queue sees it. */
    network: 'online' | 'offline';
    /** Epoch ms of the next automatic save attempt after a failure. */
    nextRetryAt?: number;
    leave?: LeavePrompt;
    /**
     * Who owns the drafts written now: SMART fhirUser/sub, the host token's
     * sub, or the user the host names. Undefined: nobody signed in ("anonymous").
     */
    user?: string;
    /** Keyboard drawing: the crosshair (TLHC, on a pixel centre) and the vertices placed on image `index`. */
    keyboard?: { readonly crosshair: Point2; readonly vertices: readonly Point2[]; readonly index: number };
    /** A polyline or curve being drawn: drives the "how to finish or close" hint. */
    shapeProgress?: ShapeProgress;
    /** Draft storage is nearly full or full; shown until it is not. */
    draftsWarning?: string;
    /** The last "Save key image": running, or its outcome. */
    keyImage?: { readonly state: 'saving' | 'saved' | 'failed'; readonly message: string };
    /** The "Key images" series written in this session, per study: reused for every key image of the study. */
    keyImageSeries: Readonly<Record<string, { readonly seriesUid: string; readonly seriesNumber: number; readonly count: number }>>;
  };
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  session: { accessMode: 'edit', tool: 'Select', mode: { name: 'idle' }, conflicts: [], network: 'online', keyImageSeries: {} },
});
