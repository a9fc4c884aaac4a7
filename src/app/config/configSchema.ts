import { z } from 'zod';

/**
 * Runtime configuration, read from /config.json so a deployment can change
 * it without a rebuild. Every object is strict: an unknown key (a typo such
 * as `qidoroot`) is an error, not a silently ignored setting.
 */

const HTTP_URL_OR_PATH = 'an absolute http(s) URL or a path starting with "/" (e.g. "/dicom-web")';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * "/fhir" or "https://host/fhir". A protocol-relative "//host" is refused: it
 * reads like a path but points at another host.
 */
export const urlOrPath = z
  .string({ error: `expected ${HTTP_URL_OR_PATH}` })
  .refine((v) => (v.startsWith('/') && !v.startsWith('//')) || isHttpUrl(v), { error: `expected ${HTTP_URL_OR_PATH}` });

/**
 * Exactly an origin: scheme://host[:port], nothing after it. "*" is refused on
 * purpose: the embed channel accepts commands, so any page could drive the viewer.
 */
export const origin = z.string().refine(
  (v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === v;
    } catch {
      return false;
    }
  },
  { error: 'expected an origin like "https://host.example:8443" (scheme, host, optional port; lower case, no path or trailing slash)' },
);

const text = z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' });
const flag = z.boolean({ error: 'expected true or false' });

export const codingSchema = z.strictObject({ system: text, code: text, display: text });

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const SNOMED = 'http://snomed.info/sct';

/** The IG's image-region-2d code: what a drawn region is. */
export const IMAGE_REGION = { system: DCM, code: '111030', display: 'Image Region' } as const;

/** Morphologic abnormalities; codes checked against pydicom's SNOMED CT concept table. */
export const DEFAULT_FINDINGS = [
  { system: SNOMED, code: '4147007', display: 'Mass' },
  { system: SNOMED, code: '27925004', display: 'Nodule' },
  { system: SNOMED, code: '52988006', display: 'Lesion' },
  { system: SNOMED, code: '367643001', display: 'Cyst' },
  { system: SNOMED, code: '108369006', display: 'Neoplasm' },
  { system: SNOMED, code: '56208002', display: 'Ulcer' },
  { system: SNOMED, code: '44132006', display: 'Abscess' },
  { system: SNOMED, code: '50960005', display: 'Hemorrhage' },
  { system: SNOMED, code: '79654002', display: 'Edema' },
] as const;

export const DEFAULT_SMART_SCOPE = 'launch openid fhirUser patient/*.rs user/ImagingSelection.cu';

export const dicomwebSchema = z.strictObject({
  // OHIF's key names, so an OHIF data source config can be reused.
  qidoRoot: urlOrPath,
  wadoRoot: urlOrPath,
  /**
   * STOW-RS root for what the viewer writes to the archive (key images, SR exports). Absent: the viewer
   * stores nothing there and says so. The serving proxy must allow it too (stack/serve.mjs --stow).
   */
  stowRoot: urlOrPath.optional(),
  /** Whether the FHIR token is also sent to the DICOMweb server. */
  sendAuth: flag.default(false),
});

export const fhirSchema = z.strictObject({ baseUrl: urlOrPath });

export const authSchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('none') }),
    /** The embedding page hands a token over postMessage. */
    z.strictObject({ mode: z.literal('host-token') }),
    z.strictObject({
      mode: z.literal('smart'),
      clientId: text,
      scope: text.default(DEFAULT_SMART_SCOPE),
      redirectUri: urlOrPath.optional(),
      /** FHIR server to authorize against in a standalone launch (no EHR launch). */
      iss: z.string().refine(isHttpUrl, { error: 'expected an absolute http(s) URL' }).optional(),
      /**
       * Origin of the authorization server. The app itself calls its token
       * endpoint, so serve.mjs adds this origin to the CSP connect-src.
       */
      authorizationServer: origin.optional(),
    }),
  ],
  { error: 'expected mode to be one of "none", "host-token", "smart"' },
);

export const embedSchema = z.strictObject({
  allowedOrigins: z.array(origin, { error: 'expected a list of origins' }).default([]),
});

export const imagingSelectionSchema = z.strictObject({
  code: codingSchema.default(() => ({ ...IMAGE_REGION })),
  /** Used for the Patient identifier when DICOM IssuerOfPatientID (0010,0021) is absent. */
  patientIdentifierSystem: text.optional(),
  findings: z.array(codingSchema, { error: 'expected a list of {system, code, display}' }).default(() => DEFAULT_FINDINGS.map((f) => ({ ...f }))),
  autosave: flag.default(false),
});

const CACHE_SIZE = 'expected a whole number of megabytes from 64 to 4096';

export const viewerSchema = z.strictObject({
  cacheSizeMB: z
    .number({ error: CACHE_SIZE })
    .int({ error: CACHE_SIZE })
    .min(64, { error: CACHE_SIZE })
    .max(4096, { error: CACHE_SIZE })
    .default(512),
  prefetch: flag.default(true),
});

const DRAFT_AGE = 'expected a whole number of days from 1 to 3650';
const DRAFT_SIZE = 'expected a number of megabytes from 1 to 500';

/** Unsaved work kept in the browser (IndexedDB) per FHIR server, study and user. */
export const draftsSchema = z.strictObject({
  /** Drafts not touched for this long are deleted when the viewer starts. */
  maxAgeDays: z.number({ error: DRAFT_AGE }).int({ error: DRAFT_AGE }).min(1, { error: DRAFT_AGE }).max(3650, { error: DRAFT_AGE }).default(30),
  /** All drafts on this browser profile together; a warning shows from 80 %. */
  maxSizeMB: z.number({ error: DRAFT_SIZE }).min(1, { error: DRAFT_SIZE }).max(500, { error: DRAFT_SIZE }).default(5),
});

export const configSchema = z.strictObject({
  dicomweb: dicomwebSchema,
  fhir: fhirSchema,
  // prefault: an absent section is parsed as {} so its inner defaults apply.
  auth: authSchema.prefault({ mode: 'none' }),
  embed: embedSchema.prefault({}),
  imagingSelection: imagingSelectionSchema.prefault({}),
  viewer: viewerSchema.prefault({}),
  drafts: draftsSchema.prefault({}),
});

export type AppConfig = z.infer<typeof configSchema>;
/** What a config.json may contain (defaults still unfilled). */
export type AppConfigInput = z.input<typeof configSchema>;
export type AuthConfig = AppConfig['auth'];
export type FindingCoding = AppConfig['imagingSelection']['findings'][number];
