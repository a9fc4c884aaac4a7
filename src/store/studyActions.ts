import { getState, setState } from './appStore';
import { initialStudy } from './slices/studySlice';
import type { StudyContext } from './selectionContext';
import type { InstanceMeta } from '../domain/study/models';
import type { DicomJson } from '../adapters/dicomweb/dicomJson';

/** A new study starts with nothing known about it; the same study keeps what was loaded. */
export function resetStudyData(studyUid?: string): void {
  if (studyUid !== undefined && getState().study.studyUid === studyUid) return;
  setState({ study: { ...initialStudy, raw: new Map(), ...(studyUid ? { studyUid } : {}) } });
}

export function setStudyContext(context: StudyContext): void {
  setState((s) => (s.study.studyUid && s.study.studyUid !== context.studyUid ? s : { study: { ...s.study, studyUid: context.studyUid, context } }));
}

/** Instance facts (and raw metadata for the loader) of one series, as they arrive. */
export function rememberInstances(list: readonly InstanceMeta[], raw?: ReadonlyMap<string, DicomJson>): void {
  setState((s) => {
    const instances = { ...s.study.instances };
    for (const i of list) instances[i.sopInstanceUid] = i;
    const merged = raw?.size ? new Map([...s.study.raw, ...raw]) : s.study.raw;
    return { study: { ...s.study, instances, raw: merged } };
  });
}

export function instanceMeta(sopInstanceUid: string): InstanceMeta | undefined {
  return getState().study.instances[sopInstanceUid];
}

export function getRawMetadata(): ReadonlyMap<string, DicomJson> {
  return getState().study.raw;
}
