/**
 * A config URL ("/fhir" or "https://host/fhir") → absolute, without a
 * trailing slash. Resolved at use time against `location.origin`, so one
 * config.json works on any host that serves the app.
 *
 * Config URLs come only from /config.json, never from the query string:
 * nothing in this folder reads `location.search`, because a link that could
 * point the viewer at another server could send the user's token there.
 */
export function resolveUrl(pathOrUrl: string, origin: string): string {
  const url = new URL(pathOrUrl, origin);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}
