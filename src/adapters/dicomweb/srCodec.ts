import dcmjs from 'dcmjs';
import type { NaturalDataset } from '../../domain/sr/buildMeasurementReport';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** dcmjs's own implementation class UID; the file meta names the library that wrote the bytes. */
const IMPLEMENTATION_CLASS_UID = '2.25.80302813137786398554742050926734630921603366648225212145404';

/** A naturalized dataset as DICOM Part 10 bytes (explicit VR little endian). */
export function encodePart10(ds: NaturalDataset): Uint8Array {
  const version = new Uint8Array([0, 1]);
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: version.buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'dcmjs-0.52',
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}

/** Part 10 bytes as a naturalized dataset; undefined when the bytes are not DICOM dcmjs can read. */
export function decodePart10(bytes: ArrayBuffer): NaturalDataset | undefined {
  try {
    const dict = dcmjs.data.DicomMessage.readFile(bytes);
    return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  } catch {
    return undefined;
  }
}
