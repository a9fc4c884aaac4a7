import type { StateCreator } from 'zustand';
import type { Roi } from '../../domain/roi/Roi';
import type { ServerState } from '../../domain/roi/RoiRecord';
import type { AppState } from '../appStore';
import type { SrContentRef } from '../../domain/sr/sourceContentItem';

/**
 * Where an ROI stands against the server. `unsaved` covers new and edited
 * ROIs; `deleted` is a saved ROI the user removed, waiting to be written as
 * entered-in-error. Nothing leaves this map because a request failed.
 */
export type SyncState = 'saved' | 'unsaved' | 'deleted';

export interface RoiRecord {
  readonly roi: Roi;
  readonly sync: SyncState;
  readonly server?: ServerState;
  /** Why the last save of this ROI failed, shown next to it. */
  readonly error?: string;
  /** Selections written by someone else can be locked in review. */
  readonly readOnly?: boolean;
  /** Adopted from an SR: saved with focus on this content item (IG source-sr-content-item). */
  readonly source?: SrContentRef;
}

export interface UnshownSelection {
  readonly resourceId?: string;
  readonly reason: string;
}

export interface HistoryEntry {
  readonly before: Readonly<Record<string, RoiRecord | undefined>>;
  readonly after: Readonly<Record<string, RoiRecord | undefined>>;
}

export interface RoiSlice {
  rois: {
    records: Readonly<Record<string, RoiRecord>>;
    /** Display order: creation/load order. */
    order: readonly string[];
    selectedId?: string;
    undo: readonly HistoryEntry[];
    redo: readonly HistoryEntry[];
    unshown: readonly UnshownSelection[];
    loadStatus: 'idle' | 'loading' | 'ready' | 'error';
    loadError?: string;
    authorFilter?: string;
    /** A short hint after a refused shape ("Circle radius is zero"). */
    hint?: string;
    /** ROIs brought back from drafts after a crash or reload, until saved or discarded. */
    restoredIds: readonly string[];
    /**
     * The study these records belong to. It changes only through resetRois, so
     * a change tells "another study was opened" from "these ROIs were deleted"
     * (the drafts of the first stay, of the second go).
     */
    studyUid?: string;
  };
}

export const initialRois: RoiSlice['rois'] = { records: {}, order: [], undo: [], redo: [], unshown: [], loadStatus: 'idle', restoredIds: [] };

export const createRoiSlice: StateCreator<AppState, [], [], RoiSlice> = () => ({ rois: initialRois });
