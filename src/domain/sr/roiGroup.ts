import type { Finding, Roi } from '../roi/Roi';
import type { Figure } from '../observation/Figure';
import { FIGURE_CODES } from '../observation/Figure';
import { groupUid, measurementUid } from '../observation/measurementObservations';
import { roiToScoord } from './scoordMapping';
import { PRIVATE_SCHEME, SCHEME_BY_SYSTEM, type SrCode, type SrMeasurementGroup } from './SrContent';

const SYSTEM_BY_SCHEME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SCHEME_BY_SYSTEM).map(([system, scheme]) => [scheme, system]));

/** A FHIR Coding as a DICOM code; display falls back to the code (Code Meaning is required). */
export function codeOf(c: { system: string; code: string; display?: string }): SrCode {
  return { value: c.code, scheme: SCHEME_BY_SYSTEM[c.system] ?? PRIVATE_SCHEME, meaning: c.display || c.code };
}

/** A DICOM code as a finding; SRT is SNOMED's old designator. */
export function findingOf(c: SrCode): Finding {
  const scheme = c.scheme === 'SRT' ? 'SCT' : c.scheme;
  return { system: SYSTEM_BY_SCHEME[scheme] ?? `urn:dicom:coding-scheme:${c.scheme}`, code: c.value, display: c.meaning };
}

/** The Tracking Identifier readers show: the label, or a short name from the ROI id. */
export function trackingIdentifierOf(roi: Roi): string {
  return roi.label.trim() || `ROI ${roi.id.slice(0, 8)}`;
}

/**
 * One ROI as a TID 1410 measurement group. The Tracking Unique Identifier and
 * the group's Observation UID are the FHIR measurement group's
 * identifier[observationUID], and each NUM's Observation UID is its FHIR
 * measurement's: the SR and the FHIR Observations name the same observations.
 */
export function roiToGroup(roi: Roi, figures: readonly Figure[]): SrMeasurementGroup {
  const uid = groupUid(roi.id);
  return {
    trackingIdentifier: trackingIdentifierOf(roi),
    trackingUid: uid,
    observationUid: uid,
    ...(roi.finding ? { finding: codeOf(roi.finding) } : {}),
    scoord: roiToScoord(roi),
    measurements: figures.map((f) => ({
      concept: codeOf(FIGURE_CODES[f.kind]),
      value: f.value,
      unit: { value: f.unit.code, scheme: 'UCUM', meaning: f.unit.unit },
      observationUid: measurementUid(roi.id, f.kind),
    })),
  };
}
