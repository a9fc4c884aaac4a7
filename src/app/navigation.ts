import { openStudy, closeStudy } from '../store/viewerActions';
import { loadStudyRois } from '../store/loadActions';
import { searchStudies } from '../store/browserActions';
import { getState } from '../store/appStore';
import { resetRois } from '../store/roiActions';
import { resetStudyData } from '../store/studyActions';
import { setLayout } from '../store/layoutActions';
import { parseLayout, type ViewportLayout } from '../domain/layout/viewportLayout';

/**
 * The URL carries only what to show (OHIF's StudyInstanceUIDs /
 * SeriesInstanceUIDs) and the mode; never server addresses, so a crafted
 * link cannot redirect saves elsewhere.
 */
export interface UrlState {
  readonly studyUid?: string;
  readonly seriesUid?: string;
  readonly mode?: 'edit' | 'review';
  readonly patient?: string;
  /** The comparison layout (1x1, 1x2, 2x2); anything else is ignored. */
  readonly layout?: ViewportLayout;
  /** SMART EHR launch: the FHIR server the EHR names, obeyed only when it matches the config. */
  readonly iss?: string;
  /** SMART EHR launch: the opaque launch context id. */
  readonly launch?: string;
}

export function readUrl(search = window.location.search): UrlState {
  const p = new URLSearchParams(search);
  const mode = p.get('mode');
  return {
    studyUid: p.get('StudyInstanceUIDs')?.split(',')[0] || undefined,
    seriesUid: p.get('SeriesInstanceUIDs')?.split(',')[0] || undefined,
    mode: mode === 'review' || mode === 'edit' ? mode : undefined,
    patient: p.get('patient') || undefined,
    layout: parseLayout(p.get('layout')),
    iss: p.get('iss') || undefined,
    launch: p.get('launch') || undefined,
  };
}

type StudyLoadedHook = (studyUid: string) => void | Promise<void>;
let afterStudyLoaded: StudyLoadedHook = () => undefined;

/** The composition root says what happens once a study's images and saved ROIs are in (drafts, embed events). */
export function onStudyLoaded(hook: StudyLoadedHook): void {
  afterStudyLoaded = hook;
}

export async function showStudy(studyUid: string, seriesUid?: string): Promise<void> {
  if (getState().viewer.studyUid !== studyUid) resetRois(studyUid);
  resetStudyData(studyUid);
  await Promise.all([openStudy(studyUid, seriesUid), loadStudyRois(studyUid)]);
  if (getState().viewer.studyUid === studyUid) await afterStudyLoaded(studyUid);
}

export function navigateToStudy(studyUid: string, seriesUid?: string): void {
  const p = new URLSearchParams(window.location.search);
  p.set('StudyInstanceUIDs', studyUid);
  if (seriesUid) p.set('SeriesInstanceUIDs', seriesUid);
  else p.delete('SeriesInstanceUIDs');
  window.history.pushState(null, '', `?${p}`);
  void showStudy(studyUid, seriesUid);
}

export function navigateToBrowser(): void {
  const p = new URLSearchParams(window.location.search);
  p.delete('StudyInstanceUIDs');
  p.delete('SeriesInstanceUIDs');
  const q = p.toString();
  window.history.pushState(null, '', q ? `?${q}` : window.location.pathname);
  closeStudy();
  resetRois();
  void searchStudies();
}

export function followUrl(): void {
  const url = readUrl();
  if (url.layout) setLayout(url.layout);
  if (url.studyUid) void showStudy(url.studyUid, url.seriesUid);
  else {
    closeStudy();
    resetRois();
    void searchStudies();
  }
}
