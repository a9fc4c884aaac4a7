/**
 * The few FHIR shapes this adapter needs. Deliberately minimal and open
 * (`[key: string]: unknown`): the domain serializer owns ImagingSelection's
 * full shape, and this layer only moves resources over the wire.
 */

export interface FhirMeta {
  readonly versionId?: string;
  readonly lastUpdated?: string;
  readonly [key: string]: unknown;
}

export interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly meta?: FhirMeta;
  readonly [key: string]: unknown;
}

export interface Reference {
  readonly reference?: string;
  readonly type?: string;
  readonly identifier?: { readonly system?: string; readonly value?: string; readonly [key: string]: unknown };
  readonly display?: string;
}

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  readonly severity: IssueSeverity;
  /** FHIR issue-type code, e.g. "processing", "conflict", "exception". */
  readonly code: string;
  readonly details?: { readonly text?: string; readonly coding?: readonly { readonly system?: string; readonly code?: string; readonly display?: string }[] };
  readonly diagnostics?: string;
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}

export interface BundleLink {
  readonly relation: string;
  readonly url: string;
}

export interface BundleEntryRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly ifNoneExist?: string;
  readonly ifMatch?: string;
}

export interface BundleEntryResponse {
  readonly status: string;
  readonly location?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly outcome?: FhirResource;
}

export interface BundleEntry<T extends FhirResource = FhirResource> {
  readonly fullUrl?: string;
  readonly resource?: T;
  readonly search?: { readonly mode?: 'match' | 'include' | 'outcome'; readonly score?: number };
  readonly request?: BundleEntryRequest;
  readonly response?: BundleEntryResponse;
}

export interface Bundle<T extends FhirResource = FhirResource> {
  readonly resourceType: 'Bundle';
  readonly id?: string;
  readonly meta?: FhirMeta;
  readonly type: string;
  readonly total?: number;
  readonly link?: readonly BundleLink[];
  readonly entry?: readonly BundleEntry<T>[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isResource(value: unknown): value is FhirResource {
  return isObject(value) && typeof value.resourceType === 'string';
}

export function isBundle(value: unknown): value is Bundle {
  return isResource(value) && value.resourceType === 'Bundle';
}
