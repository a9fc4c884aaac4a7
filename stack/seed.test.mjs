import { describe, expect, it } from 'vitest';
import { fhirDate, imagingStudyResource, patientResource } from './seed.mjs';

const study = {
  key: 'k', studyUid: '2.25.1', patientId: 'P1', patientIdSystem: 'urn:oid:1.2.3', patientName: 'Sample^Ct',
  accessionNumber: 'ACC1', studyDate: '1993.04.30', description: 'd', hasImagingStudy: true,
  series: [{ seriesUid: '2.25.2', seriesNumber: 1, modality: 'CT', description: 's', isImage: true,
    instances: [{ sopInstanceUid: '2.25.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', instanceNumber: 1 }] }],
};

describe('seed resources', () => {
  it('parses DICOM dates leniently', () => {
    expect(fhirDate('20040119')).toBe('2004-01-19');
    expect(fhirDate('1993.04.30')).toBe('1993-04-30');
    expect(fhirDate('')).toBeUndefined();
  });
  it('builds an R5 ImagingStudy with urn:oid identifiers and Coding sopClass', () => {
    const s = imagingStudyResource(study, 'Patient/7');
    expect(s.identifier[0]).toEqual({ system: 'urn:dicom:uid', value: 'urn:oid:2.25.1' });
    expect(s.subject.reference).toBe('Patient/7');
    expect(s.started).toBe('1993-04-30');
    expect(s.series[0].instance[0].sopClass).toEqual({ system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' });
    expect(s.numberOfInstances).toBe(1);
  });
  it('builds a Patient with the issuer system', () => {
    expect(patientResource(study).identifier[0]).toEqual({ system: 'urn:oid:1.2.3', value: 'P1' });
  });
});
