import type { StateCreator } from 'zustand';
import type { AppState } from '../appStore';
import { DEFAULT_LAYOUT, type ViewportLayout } from '../../domain/layout/viewportLayout';
import type { StudySummary } from '../../domain/study/models';

/** What one viewport of a comparison layout shows: plain identifiers and numbers, no engine object. */
export interface ViewportState {
  readonly id: string;
  readonly studyUid?: string;
  readonly seriesUid?: string;
  /** Image index within the viewport's series. */
  readonly index: number;
  /** Whether this viewport follows (and leads) scrolling in viewports sharing its Frame of Reference. */
  readonly sync: boolean;
}

export interface LayoutSlice {
  layout: {
    layout: ViewportLayout;
    /** One entry per viewport of the layout; the first is the one the single-viewport viewer has always had. */
    viewports: readonly ViewportState[];
    /** Id of the viewport that tools, W/L and the keyboard act on. */
    activeId: string;
    /** Other studies of the open study's patient (QIDO by PatientID), newest first, for "Compare with". */
    priors: { readonly status: 'idle' | 'loading' | 'ready' | 'error'; readonly forStudyUid?: string; readonly studies: readonly StudySummary[]; readonly error?: string };
  };
}

export const FIRST_VIEWPORT_ID = 'vp-1';

export const initialLayout: LayoutSlice['layout'] = {
  layout: DEFAULT_LAYOUT,
  viewports: [{ id: FIRST_VIEWPORT_ID, index: 0, sync: true }],
  activeId: FIRST_VIEWPORT_ID,
  priors: { status: 'idle', studies: [] },
};

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = () => ({ layout: initialLayout });
