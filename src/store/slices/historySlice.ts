import type { StateCreator } from 'zustand';
import type { Roi } from '../../domain/roi/Roi';
import type { VersionChange } from '../../domain/roi/versionChanges';
import type { AppState } from '../appStore';

/** One stored version of the ROI under review, as read from the server's _history. */
export interface RoiVersion {
  readonly versionId: string;
  readonly lastUpdated?: string;
  /** Performer display, else meta.source, else undefined. */
  readonly author?: string;
  readonly status: string;
  readonly changes: readonly VersionChange[];
  /** Absent when the version could not be read (see `problem`) or was entered in error. */
  readonly roi?: Roi;
  readonly problem?: string;
}

/** The History view of one ROI: closed, or open on `roiId` in one of the named states. */
export type HistoryView =
  | { readonly name: 'closed' }
  | { readonly name: 'loading'; readonly roiId: string }
  | { readonly name: 'ready'; readonly roiId: string; readonly versions: readonly RoiVersion[]; readonly notes: readonly string[] }
  | { readonly name: 'error'; readonly roiId: string; readonly message: string };

export interface HistorySlice {
  history: {
    view: HistoryView;
    /** Earlier versions drawn as outlines next to the current ROI. */
    ghosts: readonly { readonly versionId: string; readonly roi: Roi }[];
  };
}

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = () => ({
  history: { view: { name: 'closed' }, ghosts: [] },
});
