import { beforeEach, describe, expect, it } from 'vitest';
import { setState, getState } from './appStore';
import { configureServices } from './services';
import { patientIdentityConflict, patientKey, subjectFor, type StudyContext } from './selectionContext';
import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { FhirClient } from '../adapters/fhir/FhirClient';
import type { InstanceMeta } from '../domain/study/models';

const inst = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', rows: 64, columns: 64, numberOfFrames: 1, patientId: 'DICOM-7' } as InstanceMeta;
const study: StudyContext = { studyUid: '1.2', imagingStudyId: 'is1', subject: { reference: 'Patient/A' } };
const claims = (launchPatient?: string, hostPatient?: string) => setState((s) => ({ session: { ...s.session, launchPatient, hostPatient } }));

describe('patient identity', () => {
  beforeEach(() => {
    configureServices({ dicomweb: {} as DicomWebClient, fhir: {} as FhirClient, wadoRoot: 'http://d', prefetch: false, selectionCode: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' }, patientIdentifierSystem: 'urn:sys' });
    claims(undefined, undefined);
  });

  it('the study’s subject is the subject, whatever the link or the launch says', () => {
    claims('B', 'Patient/C');
    expect(subjectFor(inst, study)).toEqual({ reference: 'Patient/A', type: 'Patient' });
  });

  it('without an ImagingStudy: the SMART launch patient, else the DICOM PatientID; a link never', () => {
    claims(undefined, 'Patient/evil');
    expect(subjectFor(inst, { studyUid: '1.2' })).toEqual({ type: 'Patient', identifier: { system: 'urn:sys', value: 'DICOM-7' } });
    claims('B', 'Patient/evil');
    expect(subjectFor(inst, { studyUid: '1.2' })).toEqual({ reference: 'Patient/B', type: 'Patient' });
  });

  it('agreeing claims let the save go on', () => {
    claims('A', 'https://fhir.example/r5/Patient/A');
    expect(patientIdentityConflict(study)).toBeUndefined();
    claims(undefined, undefined);
    expect(patientIdentityConflict(study)).toBeUndefined();
  });

  it('a forged ?patient= that disagrees with the study stops the save, naming both', () => {
    claims(undefined, 'Patient/evil');
    const m = patientIdentityConflict(study);
    expect(m).toContain('Patient/A');
    expect(m).toContain('Patient/evil');
    expect(m).toMatch(/Nothing was saved/);
  });

  it('a SMART launch for another patient stops the save, naming both', () => {
    claims('B');
    expect(patientIdentityConflict(study)).toMatch(/Patient\/A.*SMART launch names Patient\/B/);
  });

  it('without an ImagingStudy, a launch and a link that disagree stop the save', () => {
    claims('B', 'Patient/C');
    expect(patientIdentityConflict({ studyUid: '1.2' })).toMatch(/Patient\/B.*Patient\/C/);
  });

  it('normalises ids and references', () => {
    expect(patientKey('A')).toBe('Patient/A');
    expect(patientKey('Patient/A/_history/3')).toBe('Patient/A');
    expect(patientKey('https://x/fhir/Patient/A')).toBe('Patient/A');
    expect(patientKey('Group/A')).toBeUndefined();
    expect(getState().session.hostPatient).toBeUndefined();
  });
});
