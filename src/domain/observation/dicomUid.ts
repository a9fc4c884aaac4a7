/**
 * A DICOM UID from a UUID (PS3.5 B.2): root 2.25 followed by the UUID as one
 * decimal integer. The same ROI identifier always gives the same UID, so the
 * SR export and the FHIR Observations name the same observation.
 */
export function uuidToDicomUid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}
