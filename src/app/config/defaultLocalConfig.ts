import type { AppConfigInput } from './configSchema';

/**
 * The local stack's config (test fixture, and the content of
 * public/config.json): same-origin proxies for DICOMweb and FHIR, no auth,
 * and the two dev origins allowed to embed the viewer.
 */
export const DEFAULT_LOCAL_CONFIG = {
  dicomweb: { qidoRoot: '/dicom-web', wadoRoot: '/dicom-web' },
  fhir: { baseUrl: '/fhir' },
  auth: { mode: 'none' },
  embed: { allowedOrigins: ['http://127.0.0.1:14174', 'http://localhost:5174'] },
} as const satisfies AppConfigInput;
