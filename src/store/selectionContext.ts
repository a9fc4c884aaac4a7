import type { InstanceMeta } from '../adapters/dicomweb/models';
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
 * Subject precedence: a Patient from the launch context wins, then the
 * ImagingStudy's subject, then a logical reference built from the DICOM
 * PatientID (with IssuerOfPatientID or the configured system).
 */
export function subjectFor(inst: InstanceMeta, study: StudyContext | undefined): FhirReference {
  const launch = getState().session.launchPatient;
  if (launch) return { reference: launch.includes('/') ? launch : `Patient/${launch}`, type: 'Patient' };
  if (study?.subject?.reference || study?.subject?.identifier) return { ...study.subject, type: 'Patient' };
  const system = inst.issuerOfPatientId ?? getServices().patientIdentifierSystem;
  return {
    type: 'Patient',
    identifier: { ...(system ? { system } : {}), value: inst.patientId ?? 'UNKNOWN' },
    ...(inst.patientName ? { display: inst.patientName } : {}),
  };
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
