import { parseConfig } from './parseConfig';
import type { ConfigResult } from './parseConfig';

export type ConfigFetch = (url: string, init?: RequestInit) => Promise<Response>;

export const CONFIG_URL = '/config.json';

const fileProblem = (message: string): ConfigResult => ({ ok: false, problems: [{ path: '(file)', message }] });

/** "… at position 42" (V8) → "line 3, column 7", so the deployer can find it. */
function locateJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}

/**
 * Fetches and checks the runtime configuration. Never throws: every failure
 * (unreachable, 404, HTML instead of JSON, malformed JSON, schema problems)
 * comes back as problems for the start-up error screen.
 */
export async function loadConfig(fetchFn: ConfigFetch, url: string = CONFIG_URL): Promise<ConfigResult> {
  let response: Response;
  let text: string;
  try {
    // no-store: a deployment edits config.json in place and expects the next load to see it.
    response = await fetchFn(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    text = await response.text();
  } catch (error) {
    return fileProblem(`could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 404) return fileProblem(`${url} was not found (404); the deployment must provide it`);
  if (!response.ok) return fileProblem(`${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);

  const contentType = response.headers.get('Content-Type') ?? '';
  if (/^\s*</.test(text) || /html/i.test(contentType)) {
    // Typical of a single-page-app server answering every unknown path with index.html.
    return fileProblem(`${url} is not JSON (got ${contentType || 'markup'}); is the file missing and the server returning the app page instead?`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fileProblem(`${url} is not valid JSON: ${locateJsonError(text, error)}`);
  }
  return parseConfig(json);
}
