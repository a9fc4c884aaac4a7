import type { StateCreator } from 'zustand';
import type { AppState } from '../appStore';
import type { SegmentInfo } from '../../domain/segmentation/Segmentation';
import type { Labelmap } from '../../domain/segmentation/buildLabelmap';
import type { SegmentStats } from '../../domain/segmentation/segmentStats';
import type { StoredSegmentReference } from '../../domain/imaging-selection/referencedSegment';

export interface SegmentView {
  readonly info: SegmentInfo;
  readonly visible: boolean;
  /** False when the SEG lists the segment but none of its pixels lies on a source image. */
  readonly present: boolean;
  readonly stats?: SegmentStats;
}

/**
 * The DICOM SEG shown over its source series. The labelmap is domain data (segment numbers per
 * source image); the engine bridge turns it into Cornerstone labelmap images.
 */
export interface SegmentationSlice {
  segmentation: {
    status: 'idle' | 'loading' | 'ready' | 'error';
    studyUid?: string;
    segSeriesUid?: string;
    segSopInstanceUid?: string;
    segSeriesNumber?: number;
    sourceSeriesUid?: string;
    frameOfReferenceUid?: string;
    segments: readonly SegmentView[];
    /** Fill opacity, 0..1. */
    opacity: number;
    /** The segment chosen in the list (or by a referenced-segment selection), drawn highlighted. */
    selected?: number;
    labelmap?: Labelmap;
    pixelSpacing?: readonly [number, number];
    sliceSpacing?: number;
    /** What went wrong or was left out, in words for the user. */
    messages: readonly string[];
    /** Referenced-segment selections of the open study (saved here or by another system); kept across series. */
    references: readonly (StoredSegmentReference & { readonly problem?: string })[];
    /** The study the references belong to. */
    referencesStudyUid?: string;
    /** Outcome of the last "Save segment selection". */
    saveStatus?: { readonly kind: 'saving' | 'saved' | 'error'; readonly message: string };
  };
}

export const initialSegmentation: SegmentationSlice['segmentation'] = { status: 'idle', segments: [], opacity: 0.5, messages: [], references: [] };

export const createSegmentationSlice: StateCreator<AppState, [], [], SegmentationSlice> = () => ({ segmentation: initialSegmentation });
