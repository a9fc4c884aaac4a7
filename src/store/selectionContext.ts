import type { InstanceMeta } from '../domain/study/models';
import type { FhirReference, SelectionContext } from '../domain/imaging-selection/SelectionContext';
import type { Roi } from '../domain/roi/Roi';
import { getState } from './appStore';
import { getServices } from './services';

/** What the FHIR server told us about the open study (ImagingStudy?identifier=...). */
export interface StudyContext {
  readonly studyUid: string;
  readonly imagingStudyId?: string;
  readonly subject?: FhirReference;
}

/**
 * The subject is the ImagingStudy's subject: the images decide whose they are. Without an
 * ImagingStudy, the SMART launch patient, else a logical reference built from the DICOM
 * PatientID (with IssuerOfPatientID or the configured system). A URL parameter never
 * chooses it; patientIdentityConflict() stops a save when the claims disagree.
 */
export function subjectFor(inst: InstanceMeta, study: StudyContext | undefined): FhirReference {
  if (study?.subject?.reference || study?.subject?.identifier) return { ...study.subject, type: 'Patient' };
  const launch = getState().session.launchPatient;
  if (launch) return { reference: patientKey(launch) ?? launch, type: 'Patient' };
  const system = inst.issuerOfPatientId ?? getServices().patientIdentifierSystem;
  return {
    type: 'Patient',
    identifier: { ...(system ? { system } : {}), value: inst.patientId ?? 'UNKNOWN' },
    ...(inst.patientName ? { display: inst.patientName } : {}),
  };
}

/** 'Patient/<id>' from an id, a relative or an absolute Patient reference; undefined otherwise. */
export function patientKey(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const m = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref) ?? /^([A-Za-z0-9\-.]{1,64})$/.exec(ref);
  return m ? `Patient/${m[1]}` : undefined;
}

/**
 * Why a save must be refused, naming both identities, or undefined when the study, the SMART
 * launch and the host's link agree (a claim that cannot be compared is not a disagreement).
 */
export function patientIdentityConflict(study: StudyContext | undefined): string | undefined {
  const { launchPatient, hostPatient } = getState().session;
  const claims: Array<[string, string]> = [];
  if (launchPatient) claims.push(['the SMART launch', patientKey(launchPatient) ?? launchPatient]);
  if (hostPatient) claims.push(['the link that opened the viewer', patientKey(hostPatient) ?? hostPatient]);
  const studyPatient = patientKey(study?.subject?.reference);
  const tail = 'Nothing was saved. Open the right study, or relaunch the viewer from the patient’s record.';
  if (studyPatient) {
    const other = claims.find(([, key]) => key !== studyPatient);
    if (other) return `Patient mismatch: this study belongs to ${studyPatient} (its ImagingStudy), but ${other[0]} names ${other[1]}. ${tail}`;
    return undefined;
  }
  const [a, b] = claims;
  if (a && b && a[1] !== b[1]) return `Patient mismatch: ${a[0]} names ${a[1]}, but ${b[0]} names ${b[1]}. ${tail}`;
  return undefined;
}

export function contextFor(roi: Roi, inst: InstanceMeta, study: StudyContext | undefined, issued: string): SelectionContext {
  const performer = getState().session.performer;
  return {
    subject: subjectFor(inst, study),
    imagingStudyId: study?.imagingStudyId,
    studyUid: roi.image.studyUid,
    seriesUid: roi.image.seriesUid,
    seriesNumber: inst.seriesNumber,
    frameOfReferenceUid: inst.frameOfReferenceUid,
    accessionNumber: inst.accessionNumber,
    instance: {
      sopInstanceUid: inst.sopInstanceUid,
      sopClassUid: inst.sopClassUid,
      instanceNumber: inst.instanceNumber,
      rows: inst.rows,
      columns: inst.columns,
      numberOfFrames: inst.numberOfFrames,
    },
    performer: performer?.reference || performer?.display ? { ...performer } : undefined,
    code: getServices().selectionCode,
    issued,
  };
}
