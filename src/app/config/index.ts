export { configSchema, DEFAULT_FINDINGS, DEFAULT_SMART_SCOPE, IMAGE_REGION } from './configSchema';
export type { AppConfig, AppConfigInput, AuthConfig, FindingCoding } from './configSchema';
export { parseConfig } from './parseConfig';
export type { ConfigProblem, ConfigResult } from './parseConfig';
export { loadConfig, CONFIG_URL } from './loadConfig';
export type { ConfigFetch } from './loadConfig';
export { resolveUrl } from './resolveUrl';
