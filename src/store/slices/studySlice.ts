import type { StateCreator } from 'zustand';
import type { InstanceMeta } from '../../domain/study/models';
import type { DicomJson } from '../../adapters/dicomweb/dicomJson';
import type { StudyContext } from '../selectionContext';
import type { AppState } from '../appStore';

/**
 * What the save path needs to know about the open study, owned here so that
 * changing study clears it in one place (resetStudyData) and tests set it up
 * through the same actions as the app.
 */
export interface StudySlice {
  study: {
    /** The study the facts below belong to. */
    studyUid?: string;
    /** The ImagingStudy and its subject as the FHIR server holds them; undefined until looked up. */
    context?: StudyContext;
    /** Instance facts the serializer needs, by SOP Instance UID; filled as series metadata arrives. */
    instances: Readonly<Record<string, InstanceMeta>>;
    /**
     * Raw DICOM JSON per instance for Cornerstone's loader. Large and never
     * rendered: a Map replaced (not mutated) on each series, so no selector
     * re-renders on it.
     */
    raw: ReadonlyMap<string, DicomJson>;
  };
}

export const initialStudy: StudySlice['study'] = { instances: {}, raw: new Map() };

export const createStudySlice: StateCreator<AppState, [], [], StudySlice> = () => ({ study: initialStudy });
