import { describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { buildSecondaryCapture, scStudyFromDicomJson, SC_SOP_CLASS } from './secondaryCapture';

const input = {
  rgb: new Uint8Array(3 * 5 * 3).map((_, i) => i),
  rows: 3,
  columns: 5,
  study: { studyUid: '1.2.3', patientName: 'Doe^Jane', patientId: 'PID1', studyDate: '20240102', accessionNumber: 'A1' },
  seriesUid: '2.25.77',
  seriesNumber: 9901,
  seriesDescription: 'Key images',
  sopInstanceUid: '2.25.88',
  instanceNumber: 2,
  source: { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4.5' },
  created: new Date('2026-12-02T10:11:12Z'),
};

function read(bytes: Uint8Array) {
  const f = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
  return { meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(f.meta), ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(f.dict) };
}

describe('buildSecondaryCapture', () => {
  it('writes a Part 10 SC image in the source study, RGB 8-bit, that reads back with the same pixels', () => {
    const bytes = buildSecondaryCapture(input);
    expect(new TextDecoder().decode(bytes.slice(128, 132))).toBe('DICM');
    const { meta, ds } = read(bytes);
    expect(meta).toMatchObject({ MediaStorageSOPClassUID: SC_SOP_CLASS, MediaStorageSOPInstanceUID: '2.25.88', TransferSyntaxUID: '1.2.840.10008.1.2.1' });
    expect(ds).toMatchObject({
      SOPClassUID: SC_SOP_CLASS,
      SOPInstanceUID: '2.25.88',
      StudyInstanceUID: '1.2.3',
      SeriesInstanceUID: '2.25.77',
      SeriesNumber: 9901,
      InstanceNumber: 2,
      PatientID: 'PID1',
      AccessionNumber: 'A1',
      Modality: 'OT',
      ConversionType: 'WSD',
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 0,
      Rows: 3,
      Columns: 5,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      SeriesDescription: 'Key images',
      ContentDate: '20261202',
    });
    expect((ds.PatientName as Array<{ Alphabetic: string }>)[0]?.Alphabetic).toBe('Doe^Jane');
    expect((ds.SourceImageSequence as Record<string, unknown>).ReferencedSOPInstanceUID ?? (ds.SourceImageSequence as Array<Record<string, unknown>>)[0]?.ReferencedSOPInstanceUID).toBe('1.2.3.4.5');
    const pixels = new Uint8Array((ds.PixelData as ArrayBuffer[])[0]!);
    expect([...pixels.slice(0, 45)]).toEqual([...input.rgb]);
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() => buildSecondaryCapture({ ...input, rgb: new Uint8Array(10) })).toThrow(RangeError);
  });
});

describe('scStudyFromDicomJson', () => {
  it('reads the study attributes, normalising what the archive kept from older files so the writer accepts it', () => {
    const ds = {
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] },
      '00100020': { vr: 'LO', Value: ['P1'] },
      '00080020': { vr: 'DA', Value: ['1993.04.30'] },
      '00080030': { vr: 'TM', Value: ['10:11:12'] },
      '00080050': { vr: 'SH', Value: ['ACCESSION-NUMBER-TOO-LONG'] },
      '00100030': { vr: 'DA', Value: ['unknown'] },
    };
    const study = scStudyFromDicomJson('1.2.3', ds);
    expect(study).toEqual({ studyUid: '1.2.3', patientName: 'Doe^John', patientId: 'P1', studyDate: '19930430', studyTime: '101112', accessionNumber: 'ACCESSION-NUMBER' });
    expect(() => buildSecondaryCapture({ ...input, study })).not.toThrow();
  });
});
