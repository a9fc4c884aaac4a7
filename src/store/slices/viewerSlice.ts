import type { StoredMeasurements } from '../../domain/observation/measurementObservations';
import type { StateCreator } from 'zustand';
import type { SeriesSummary, StackImage, StudySummary } from '../../domain/study/models';
import type { Point2 } from '../../domain/roi/Roi';
import type { AppState } from '../appStore';
import type { RoiModalityStats } from '../../domain/measure/roiStats';
import type { ModalityReadout } from '../../domain/measure/modalityValue';

export type ViewerStatus = 'idle' | 'loading' | 'ready' | 'not-found' | 'error';

export interface ViewerSlice {
  viewer: {
    status: ViewerStatus;
    studyUid?: string;
    study?: StudySummary;
    series: readonly SeriesSummary[];
    seriesUid?: string;
    seriesStatus: 'idle' | 'loading' | 'ready' | 'error' | 'not-image';
    images: readonly StackImage[];
    index: number;
    voi?: { center: number; width: number };
    invert: boolean;
    /** The window preset last picked (shown while the image keeps its window). */
    voiPreset?: string;
    /** Zoom relative to fit-to-window, as the engine reports it. */
    zoom?: number;
    pointer?: Point2;
    /** Modality value under the pointer (same Modality LUT stage as the statistics). */
    pointerReadout?: ModalityReadout;
    /** Short notes shown on the viewport (missing geometry, unreadable instances). */
    notes: readonly string[];
    /** imageId → decode/load error message. */
    frameErrors: Readonly<Record<string, string>>;
    error?: string;
    thumbnails: Readonly<Record<string, string>>;
    /** Pixel statistics per ROI id, in modality units, for ROIs whose image is loaded. */
    stats: Readonly<Record<string, RoiModalityStats>>;
    /** The modality value under each Point ROI whose image is decoded. */
    pointValues: Readonly<Record<string, ModalityReadout>>;
    /** Whether each ROI's text (label and figures) is drawn on the image. */
    roiText: boolean;
    /** Figures the server holds per ROI id (its IG measurement Observations), as loaded with the study. */
    storedFigures: Readonly<Record<string, StoredMeasurements>>;
  };
}

export const initialViewer: ViewerSlice['viewer'] = {
  status: 'idle',
  series: [],
  seriesStatus: 'idle',
  images: [],
  index: 0,
  invert: false,
  notes: [],
  frameErrors: {},
  thumbnails: {},
  stats: {},
  pointValues: {},
  roiText: true,
  storedFigures: {},
};

export const createViewerSlice: StateCreator<AppState, [], [], ViewerSlice> = () => ({ viewer: initialViewer });
