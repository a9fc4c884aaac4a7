/**
 * Origin checks for the embed channel. Exact string comparison on purpose:
 * configured origins are normalised by the config schema, and anything looser
 * (suffix match, "*") would let a look-alike page drive the viewer.
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return origin !== 'null' && allowed.includes(origin);
}

/**
 * Where to send messages before any host has spoken. The referrer (when the
 * host's policy sends one) narrows it to the host that embedded us; otherwise
 * every allowed origin is tried, and the browser drops each one whose
 * targetOrigin does not match the parent.
 */
export function initialTargetOrigins(referrer: string, allowed: readonly string[]): string[] {
  let referrerOrigin: string | undefined;
  try {
    referrerOrigin = referrer ? new URL(referrer).origin : undefined;
  } catch {
    referrerOrigin = undefined;
  }
  if (referrerOrigin && allowed.includes(referrerOrigin)) return [referrerOrigin];
  return [...allowed];
}
