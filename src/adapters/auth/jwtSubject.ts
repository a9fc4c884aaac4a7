/**
 * The `sub` claim of a JWT, read without verifying it. Only used to key this
 * browser's drafts to a user: the FHIR server verifies the token on every
 * request, and a forged sub could only reach drafts already on this profile.
 * Undefined for anything that is not a JWT with a string sub.
 */
export function jwtSubject(token: string): string | undefined {
  const part = token.split('.')[1];
  if (!part || token.split('.').length !== 3) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json: unknown = JSON.parse(decodeURIComponent(escape(atob(b64))));
    const sub = (json as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' && sub.length > 0 && sub.length <= 256 ? sub : undefined;
  } catch {
    return undefined;
  }
}
