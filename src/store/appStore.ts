import { createStore } from 'zustand/vanilla';
import { createBrowserSlice, type BrowserSlice } from './slices/browserSlice';
import { createViewerSlice, type ViewerSlice } from './slices/viewerSlice';
import { createRoiSlice, type RoiSlice } from './slices/roiSlice';
import { createSessionSlice, type SessionSlice } from './slices/sessionSlice';
import { createServerSlice, type ServerSlice } from './slices/serverSlice';
import { createHistorySlice, type HistorySlice } from './slices/historySlice';
import { createStudySlice, type StudySlice } from './slices/studySlice';
import { createSrSlice, type SrSlice } from './slices/srSlice';
import { createSegmentationSlice, type SegmentationSlice } from './slices/segmentationSlice';
import { createLayoutSlice, type LayoutSlice } from './slices/layoutSlice';

export type AppState = BrowserSlice & ViewerSlice & RoiSlice & SessionSlice & StudySlice & ServerSlice & HistorySlice & SrSlice & SegmentationSlice & LayoutSlice;

/** One bound store; actions are module functions in ./actions so engine events can call them without React. */
export const appStore = createStore<AppState>()((...a) => ({
  ...createBrowserSlice(...a),
  ...createViewerSlice(...a),
  ...createRoiSlice(...a),
  ...createSessionSlice(...a),
  ...createStudySlice(...a),
  ...createServerSlice(...a),
  ...createHistorySlice(...a),
  ...createSrSlice(...a),
  ...createSegmentationSlice(...a),
  ...createLayoutSlice(...a),
}));

export const getState = appStore.getState;
export const setState = appStore.setState;
