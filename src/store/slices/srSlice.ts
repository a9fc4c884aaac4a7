import type { StateCreator } from 'zustand';
import type { Issue } from '../../domain/imaging-selection/Issue';
import type { ShownSrRoi, UnshownSrItem } from '../../domain/sr/reportRois';
import type { SrInstanceRef } from '../../domain/sr/buildMeasurementReport';
import type { AppState } from '../appStore';

/** The current report of one SR series: the newest instance no other instance supersedes. */
export interface SrReportSummary extends SrInstanceRef {
  readonly instanceNumber?: number;
  readonly author?: string;
  readonly time?: string;
  readonly manufacturer?: string;
  /** Instances of the series this one supersedes (Predecessor Documents Sequence). */
  readonly supersedes: number;
}

export interface OpenSr {
  readonly report: SrReportSummary;
  readonly status: 'loading' | 'ready' | 'error';
  readonly error?: string;
  /** Groups shown read-only on their images ("from SR"). */
  readonly shown: readonly ShownSrRoi[];
  /** Groups that cannot be shown, each with its reason. */
  readonly unshown: readonly UnshownSrItem[];
  readonly issues: readonly Issue[];
}

export interface SrExport {
  readonly status: 'idle' | 'exporting' | 'done' | 'error';
  readonly message?: string;
  /** The report this session stored last; the next export supersedes it. */
  readonly last?: SrInstanceRef & { readonly instanceNumber: number };
}

export interface SrSlice {
  sr: {
    /** Report per SR series of the open study. */
    reports: readonly SrReportSummary[];
    open?: OpenSr;
    export: SrExport;
  };
}

export const initialSr: SrSlice['sr'] = { reports: [], export: { status: 'idle' } };

export const createSrSlice: StateCreator<AppState, [], [], SrSlice> = () => ({ sr: initialSr });
