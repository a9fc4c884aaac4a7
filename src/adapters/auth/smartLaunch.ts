/**
 * SMART App Launch (authorization code + PKCE) through fhirclient, loaded
 * only when auth.mode is "smart". fhirclient keeps its launch state (PKCE
 * verifier, then the token response) in sessionStorage across the redirect;
 * once the launch completes we copy what we need into memory and remove it.
 */

export interface SmartAuthorizeOptions {
  readonly clientId: string;
  readonly scope: string;
  readonly redirectUri: string;
  /** The FHIR server (already checked against the config by the caller). */
  readonly iss: string;
  /** EHR launch context id; absent in a standalone launch. */
  readonly launch?: string;
}

export interface SmartContext {
  readonly accessToken: string;
  /** Seconds since the epoch, when the token response said. */
  readonly expiresAt?: number;
  readonly patient?: string;
  /** e.g. "Practitioner/123", from the id_token's fhirUser claim. */
  readonly fhirUser?: string;
  /** Present when the authorization server gave a refresh token: a new access token, or undefined. */
  readonly refresh?: () => Promise<{ accessToken: string; expiresAt?: number } | undefined>;
  /** The id_token's sub, when there is no fhirUser. */
  readonly sub?: string;
}

/** Where we are in a launch, from the query string. */
export function smartPhase(search: string): 'callback' | 'ehr-launch' | 'none' {
  const p = new URLSearchParams(search);
  if (p.get('code') && p.get('state')) return 'callback';
  if (p.get('iss') && p.get('launch')) return 'ehr-launch';
  return 'none';
}

/** Redirects the page to the authorization server; resolves only if the browser stays. */
export async function authorize(o: SmartAuthorizeOptions): Promise<void> {
  const { default: FHIR } = await import('fhirclient');
  await FHIR.oauth2.authorize({
    clientId: o.clientId,
    scope: o.scope,
    redirectUri: o.redirectUri,
    iss: o.iss,
    ...(o.launch ? { launch: o.launch } : {}),
    pkceMode: 'required',
    // In a frame the launch completes in the frame itself, not in the host.
    completeInTarget: true,
  });
}

/** Exchanges the code for a token (fhirclient checks state and PKCE) and clears fhirclient's storage. */
export async function completeLaunch(storage: Storage): Promise<SmartContext> {
  const { default: FHIR } = await import('fhirclient');
  try {
    const client = await FHIR.oauth2.ready();
    const token = client.state.tokenResponse;
    const accessToken = token?.access_token;
    if (!accessToken) throw new Error('the authorization server returned no access token');
    const expiresIn = typeof token?.expires_in === 'number' ? token.expires_in : undefined;
    // fhirclient keeps the refresh token in the client object (memory); its storage copy is cleared after each use.
    const refresh = token?.refresh_token
      ? async () => {
          try {
            const state = await client.refresh();
            const t = state.tokenResponse;
            if (!t?.access_token) return undefined;
            return { accessToken: t.access_token, ...(typeof t.expires_in === 'number' ? { expiresAt: Math.floor(Date.now() / 1000) + t.expires_in } : {}) };
          } catch {
            return undefined;
          } finally {
            clearFhirclientStorage(storage);
          }
        }
      : undefined;
    return {
      accessToken,
      ...(refresh ? { refresh } : {}),
      ...(expiresIn ? { expiresAt: Math.floor(Date.now() / 1000) + expiresIn } : {}),
      ...(client.getPatientId() ? { patient: client.getPatientId()! } : {}),
      ...(client.getFhirUser() ? { fhirUser: client.getFhirUser()! } : {}),
      ...(typeof client.getIdToken()?.sub === 'string' ? { sub: String(client.getIdToken()!.sub) } : {}),
    };
  } finally {
    clearFhirclientStorage(storage);
  }
}

/** fhirclient's keys: SMART_KEY names the state entry, which holds the token response. */
function clearFhirclientStorage(storage: Storage): void {
  try {
    const raw = storage.getItem('SMART_KEY');
    const key = raw ? (JSON.parse(raw) as unknown) : undefined;
    if (typeof key === 'string') storage.removeItem(key);
    storage.removeItem('SMART_KEY');
  } catch {
    // Storage can be unavailable (privacy settings); then nothing was stored either.
  }
}
