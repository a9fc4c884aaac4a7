import type { StateCreator } from 'zustand';
import type { AppState } from '../appStore';
import { DEFAULT_LAYOUT, type ViewportLayout } from '../../domain/layout/viewportLayout';
import type { StackImage, StudySummary } from '../../domain/study/models';
import type { ViewerSlice } from './viewerSlice';

/**
 * What one viewport of a comparison layout shows: plain domain values, no
 * engine object. The active viewport's series, images and index live in the
 * `viewer` slice (everything that acts on "the image" reads them there);
 * its entry here is refreshed when another viewport becomes active, so read
 * a viewport through `viewportView` rather than from this entry.
 */
export interface ViewportState {
  readonly id: string;
  readonly studyUid?: string;
  readonly seriesUid?: string;
  readonly seriesStatus: ViewerSlice['viewer']['seriesStatus'];
  readonly images: readonly StackImage[];
  readonly notes: readonly string[];
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

export function emptyViewport(id: string): ViewportState {
  return { id, seriesStatus: 'idle', images: [], notes: [], index: 0, sync: true };
}

export const initialLayout: LayoutSlice['layout'] = {
  layout: DEFAULT_LAYOUT,
  viewports: [emptyViewport(FIRST_VIEWPORT_ID)],
  activeId: FIRST_VIEWPORT_ID,
  priors: { status: 'idle', studies: [] },
};

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = () => ({ layout: initialLayout });
