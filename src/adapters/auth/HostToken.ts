/** Which server a token is used with: a refusal by one says nothing about the other. */
export type TokenAudience = 'fhir' | 'dicomweb';

export interface HostTokenOptions {
  /** Tells the host a token is needed (the `token-expired` event). */
  readonly onTokenNeeded: () => void;
  /** How long a request waits for the host to send a token before it fails. */
  readonly waitMs: number;
  /** Treat a token as expired this long before its expiresAt, so it does not lapse in flight. */
  readonly skewMs?: number;
  readonly now?: () => number;
}

/**
 * A bearer token handed over by the embedding page (auth.mode "host-token").
 * Held in this object only: never written to the URL, storage, cookies or
 * logs, so it goes away with the page.
 */
export class HostToken {
  readonly #o: HostTokenOptions;
  #token: string | undefined;
  #expiresAtMs: number | undefined;
  /** Servers that answered 401 to the current token; a new token clears it. */
  readonly #refusedBy = new Set<TokenAudience>();
  #waiting: Promise<boolean> | undefined;
  #wake: ((ok: boolean) => void) | undefined;

  constructor(options: HostTokenOptions) {
    this.#o = options;
  }

  /** From `set-access-token`; expiresAt in seconds since the epoch (a JWT `exp`). */
  set(token: string, expiresAt?: number): void {
    this.#token = token;
    this.#refusedBy.clear();
    this.#expiresAtMs = expiresAt === undefined ? undefined : expiresAt * 1000;
    this.#wake?.(true);
  }

  /** Logout: the token goes; the next request asks the host again. */
  clear(): void {
    this.#token = undefined;
    this.#expiresAtMs = undefined;
    this.#refusedBy.clear();
  }

  /** The current Authorization value for that server, or undefined when there is no usable token. */
  current(audience: TokenAudience = 'fhir'): string | undefined {
    if (!this.#token || this.#refusedBy.has(audience)) return undefined;
    if (this.#expiresAtMs !== undefined && this.#expiresAtMs - (this.#o.skewMs ?? 5000) <= (this.#o.now ?? Date.now)()) return undefined;
    return `Bearer ${this.#token}`;
  }

  /** For FhirClient.getAuthHeader: waits for the host when there is no valid token yet. */
  async authHeader(audience: TokenAudience = 'fhir'): Promise<string> {
    const now = this.current(audience);
    if (now) return now;
    if (await this.needNew()) {
      const fresh = this.current(audience);
      if (fresh) return fresh;
    }
    throw new Error('the embedding page has not provided a valid access token');
  }

  /**
   * That server refused the token (401): it is not sent there again, but the other server
   * keeps using it until the host sends a new one. Asks the host once for another.
   */
  rejected(audience: TokenAudience = 'fhir'): Promise<boolean> {
    this.#refusedBy.add(audience);
    return this.needNew();
  }

  /**
   * Asks the host for a token and resolves true when one arrives, false after
   * waitMs. Concurrent callers share one request, so the host sees one event.
   */
  needNew(): Promise<boolean> {
    if (this.#waiting) return this.#waiting;
    this.#waiting = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), this.#o.waitMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.#waiting = undefined;
        this.#wake = undefined;
        resolve(ok);
      };
      this.#wake = finish;
    });
    const waiting = this.#waiting;
    try {
      this.#o.onTokenNeeded();
    } catch {
      // The host channel failing must not break the request path; the wait times out.
    }
    return waiting;
  }
}
