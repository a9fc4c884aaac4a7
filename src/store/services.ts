import type { DicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import type { StowClient } from '../adapters/dicomweb/stowClient';
import type { FhirClient } from '../adapters/fhir/FhirClient';
import type { Finding } from '../domain/roi/Roi';

/**
 * The outside world as the actions see it. The composition root (src/app)
 * provides it once at start; tests provide fakes or clients pointed at the
 * real servers.
 */
export interface Services {
  readonly dicomweb: DicomWebClient;
  /** STOW-RS to the image archive; undefined when the deployment does not allow storing (config dicomweb.stowRoot). */
  readonly stow?: StowClient;
  readonly prefetch: boolean;
  /** Absolute WADO-RS root; imageIds embed it. */
  readonly wadoRoot: string;
  readonly fhir: FhirClient;
  /** ImagingSelection.code of a drawn region; DCM 111030 (IG image-region-2d) unless the deployment overrides it. */
  readonly selectionCode: Finding;
  /** Patient identifier system when DICOM IssuerOfPatientID is absent. */
  readonly patientIdentifierSystem?: string;
}

let services: Services | undefined;

export function configureServices(s: Services): void {
  services = s;
}

export function getServices(): Services {
  if (!services) throw new Error('Services are not configured; the app composition root must call configureServices first');
  return services;
}
