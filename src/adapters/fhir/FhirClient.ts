import { FhirError, kindForStatus } from './FhirError';
import { isBundle, isResource } from './fhirTypes';
import type { Bundle, BundleEntry, FhirResource } from './fhirTypes';
import { parseETag, parseLocation, parseRetryAfter, weakETag } from './httpHeaders';
import { isOperationOutcome, normalizeOperationOutcome, outcomeFromStatus, outcomeOf } from './outcomes';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface FhirClientOptions {
  /** Absolute base, e.g. `https://host/fhir` (resolve a config path with resolveUrl first). */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** The full Authorization header value, e.g. `Bearer abc`; read before every request. */
  readonly getAuthHeader?: () => string | undefined | Promise<string | undefined>;
  /** Called on a 401; resolves true when a new token arrived, and the request is then sent once more. */
  readonly onUnauthorized?: () => Promise<boolean>;
  /** For tests of Retry-After dates. */
  readonly now?: () => number;
}

export type SearchParams = Readonly<Record<string, string | readonly string[]>> | URLSearchParams;

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/** What a create or update told us, from the body and/or the headers. */
export interface WriteResult<T extends FhirResource = FhirResource> {
  readonly id: string;
  readonly versionId: string | undefined;
  /** Absent when the server answered without a body (Prefer: return=minimal). */
  readonly resource: T | undefined;
  readonly status: number;
}

export interface SearchAllResult<T extends FhirResource = FhirResource> {
  readonly resources: T[];
  readonly pages: number;
  /** True when maxPages stopped the walk while the server still offered a next page. */
  readonly truncated: boolean;
}

interface InternalRequest {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** GETs of mutable state: no browser or proxy cache, and HAPI must not reuse a cached search. */
  readonly noCache?: boolean;
  /** Sent without a token and never asks for one (the CapabilityStatement is public, FHIR 3.2.0.7). */
  readonly anonymous?: boolean;
}

interface RawResponse<T> {
  readonly status: number;
  readonly body: T | undefined;
  readonly headers: Headers;
}

const FHIR_JSON = 'application/fhir+json';
const DEFAULT_MAX_PAGES = 100;

export class FhirClient {
  readonly baseUrl: string;
  readonly #origin: string;
  readonly #fetch: FetchLike;
  readonly #getAuthHeader: FhirClientOptions['getAuthHeader'];
  readonly #onUnauthorized: FhirClientOptions['onUnauthorized'];
  readonly #now: () => number;

  constructor(options: FhirClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`FhirClient needs an absolute baseUrl, got "${options.baseUrl}"`);
    }
    this.baseUrl = base.href.replace(/\/+$/, '');
    this.#origin = base.origin;
    // Kept as a plain function and called unbound: calling window.fetch as a
    // method of another object throws "Illegal invocation".
    const fetchFn = options.fetch;
    this.#fetch = (input, init) => fetchFn(input, init);
    this.#getAuthHeader = options.getAuthHeader;
    this.#onUnauthorized = options.onUnauthorized;
    this.#now = options.now ?? Date.now;
  }

  /** GET [base]/metadata: the CapabilityStatement (read once per server; parse with parseCapabilities). */
  async metadata(options: RequestOptions = {}): Promise<FhirResource> {
    // Read before the user has signed in (an embedding host may not have sent a token yet).
    const res = await this.#request<FhirResource>('GET', 'metadata', { signal: options.signal, noCache: true, anonymous: true });
    return this.#requireResource(res, 'GET', 'metadata');
  }

  async read<T extends FhirResource = FhirResource>(type: string, id: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.#request<T>('GET', `${type}/${encodeURIComponent(id)}`, { signal: options.signal, noCache: true });
    return this.#requireResource(res, 'GET', type);
  }

  async vread<T extends FhirResource = FhirResource>(type: string, id: string, versionId: string, options: RequestOptions = {}): Promise<T> {
    // A version is immutable, so a cached copy is as good as a fresh one.
    const res = await this.#request<T>('GET', `${type}/${encodeURIComponent(id)}/_history/${encodeURIComponent(versionId)}`, { signal: options.signal });
    return this.#requireResource(res, 'GET', type);
  }

  async search<T extends FhirResource = FhirResource>(type: string, params: SearchParams = {}, options: RequestOptions = {}): Promise<Bundle<T>> {
    const query = toQueryString(params);
    const res = await this.#request<Bundle<T>>('GET', `${type}${query ? `?${query}` : ''}`, { signal: options.signal, noCache: true });
    return this.#requireBundle(res, 'GET', type);
  }

  /** Follows every `next` link; resources of all pages in order (outcome entries dropped). */
  async searchAll<T extends FhirResource = FhirResource>(
    type: string,
    params: SearchParams = {},
    options: RequestOptions & { readonly maxPages?: number; readonly onPage?: (resources: readonly T[]) => void } = {},
  ): Promise<SearchAllResult<T>> {
    const first = await this.search<T>(type, params, options);
    const { entries, pages, truncated } = await this.#walkPages(first, options, (entries) => {
      // Callers can show each page while the next one is on its way.
      options.onPage?.(entries.flatMap((e) => (e.resource ? [e.resource] : [])));
    });
    return { resources: entries.flatMap((e) => (e.resource ? [e.resource] : [])), pages, truncated };
  }

  /**
   * Every version of one resource ([type]/[id]/_history), all pages, newest
   * first as the server sends them. Entries keep their `request`/`response`
   * parts: a deleted version has no resource, only its method and time.
   */
  async historyAll(type: string, id: string, options: RequestOptions & { readonly maxPages?: number } = {}): Promise<SearchAllResult<FhirResource> & { readonly entries: readonly BundleEntry[] }> {
    const first = await this.history(type, id, options);
    const { entries, pages, truncated } = await this.#walkPages(first, options);
    return { entries, resources: entries.flatMap((e) => (e.resource ? [e.resource] : [])), pages, truncated };
  }

  /** The paging loop both walks share: same-origin links only, a loop guard and a page cap. */
  async #walkPages<T extends FhirResource>(
    first: Bundle<T>,
    options: RequestOptions & { readonly maxPages?: number },
    onPage?: (entries: readonly BundleEntry<T>[]) => void,
  ): Promise<{ entries: BundleEntry<T>[]; pages: number; truncated: boolean }> {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const entries: BundleEntry<T>[] = [];
    const seen = new Set<string>();
    let bundle = first;
    let pages = 1;
    for (;;) {
      const page = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome' && !(e.resource && isOperationOutcome(e.resource)));
      entries.push(...page);
      onPage?.(page);
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (!next) return { entries, pages, truncated: false };
      const url = this.pagingUrl(next);
      // A link off the server is not followed: what was read so far is returned as truncated.
      if (url === undefined) return { entries, pages, truncated: true };
      // A server that hands out the same next link twice would loop forever.
      if (seen.has(url)) return { entries, pages, truncated: false };
      if (pages >= maxPages) return { entries, pages, truncated: true };
      seen.add(url);
      const res = await this.#request<Bundle<T>>('GET', url, { signal: options.signal, noCache: true });
      bundle = this.#requireBundle(res, 'GET', url);
      pages += 1;
    }
  }

  /**
   * A paging link is followed only on the configured server (same origin, under the base
   * path). A link anywhere else is refused, so neither the request nor the token goes there.
   */
  pagingUrl(link: string): string | undefined {
    let url: URL;
    try {
      url = new URL(link, `${this.baseUrl}/`);
    } catch {
      return undefined;
    }
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    if (url.origin !== this.#origin) return undefined;
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return undefined;
    return url.href;
  }

  /**
   * POST. With `ifNoneExist` (a query such as `identifier=sys|val`) the create
   * is conditional: an existing match is returned (200) instead of a duplicate.
   */
  async create<T extends FhirResource>(resource: T, options: RequestOptions & { readonly ifNoneExist?: string } = {}): Promise<WriteResult<T>> {
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (options.ifNoneExist) headers['If-None-Exist'] = options.ifNoneExist;
    const res = await this.#request<T>('POST', resource.resourceType, { body: resource, headers, signal: options.signal });
    return this.#writeResult(res, 'POST', resource.resourceType);
  }

  /** PUT. With `ifMatch` (a versionId) a concurrent change makes this fail with kind `conflict`. */
  async update<T extends FhirResource>(resource: T, options: RequestOptions & { readonly ifMatch?: string } = {}): Promise<WriteResult<T>> {
    if (!resource.id) throw new TypeError('update needs a resource with an id');
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (options.ifMatch) headers['If-Match'] = weakETag(options.ifMatch);
    const path = `${resource.resourceType}/${encodeURIComponent(resource.id)}`;
    const res = await this.#request<T>('PUT', path, { body: resource, headers, signal: options.signal });
    return this.#writeResult(res, 'PUT', path);
  }

  /**
   * Conditional update, PUT [type]?[query] (e.g. `identifier=sys|val`): creates
   * the resource when nothing matches and replaces the one match otherwise, so
   * sending it twice has the effect of sending it once.
   */
  async updateWhere<T extends FhirResource>(resource: T, query: string, options: RequestOptions = {}): Promise<WriteResult<T>> {
    const path = `${resource.resourceType}?${query}`;
    const res = await this.#request<T>('PUT', path, { body: resource, headers: { Prefer: 'return=representation' }, signal: options.signal });
    return this.#writeResult(res, 'PUT', path);
  }

  /** Sends a transaction/batch Bundle to the base; a non-2xx throws (nothing was stored). */
  async transaction(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    const res = await this.#request<Bundle>('POST', '', { body: bundle, headers: { Prefer: 'return=representation' }, signal: options.signal });
    return this.#requireBundle(res, 'POST', this.baseUrl);
  }

  async history(type: string, id: string, options: RequestOptions = {}): Promise<Bundle> {
    const res = await this.#request<Bundle>('GET', `${type}/${encodeURIComponent(id)}/_history`, { signal: options.signal, noCache: true });
    return this.#requireBundle(res, 'GET', type);
  }

  /** The single funnel: headers, auth, the one 401 retry, and error mapping. */
  async #request<T>(method: string, pathOrUrl: string, req: InternalRequest, isAuthRetry = false): Promise<RawResponse<T>> {
    const url = this.#resolve(pathOrUrl);
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...req.headers };
    if (req.body !== undefined) headers['Content-Type'] = FHIR_JSON;
    if (req.noCache) headers['Cache-Control'] = 'no-cache';
    let auth: string | undefined;
    try {
      auth = req.anonymous ? undefined : await this.#getAuthHeader?.();
    } catch (cause) {
      // No token means the request would only come back 401: fail at the auth boundary now.
      const message = cause instanceof Error && cause.message ? cause.message : 'no token';
      throw new FhirError({ kind: 'unauthorized', outcome: outcomeOf('error', 'login', `Could not get a sign-in token: ${message}`), method, url, cause });
    }
    if (auth) headers.Authorization = auth;

    const init: RequestInit = { method, headers };
    if (req.body !== undefined) init.body = JSON.stringify(req.body);
    if (req.signal) init.signal = req.signal;

    let response: Response;
    try {
      response = await this.#fetch(url, init);
    } catch (cause) {
      // A caller's abort is a decision, not a failure: rethrow it untouched so
      // it is neither shown to the user nor retried.
      if (req.signal?.aborted) throw cause;
      const message = cause instanceof Error && cause.message ? cause.message : 'no response';
      throw new FhirError({
        kind: 'network',
        outcome: outcomeOf('error', 'transient', `Could not reach the FHIR server: ${message}`),
        method,
        url,
        cause,
      });
    }

    if (response.status === 401 && !isAuthRetry && !req.anonymous && this.#onUnauthorized) {
      // Read the body first: it is the error's OperationOutcome if no new token comes.
      const text = await response.text().catch(() => '');
      if (await this.#onUnauthorized()) return this.#request<T>(method, pathOrUrl, req, true);
      return this.#fail(response, text, method, url);
    }
    if (!response.ok) return this.#fail(response, await response.text().catch(() => ''), method, url);

    const text = await response.text();
    if (response.status === 204 || text.trim() === '') return { status: response.status, body: undefined, headers: response.headers };
    if (!isJsonContentType(response.headers.get('Content-Type'))) {
      throw new FhirError({
        kind: 'invalid-response',
        status: response.status,
        outcome: outcomeOf('error', 'invalid', `The server answered ${response.status} with a non-FHIR page (${response.headers.get('Content-Type') ?? 'no content type'})`),
        method,
        url,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw new FhirError({
        kind: 'invalid-response',
        status: response.status,
        outcome: outcomeOf('error', 'invalid', `The server answered ${response.status} with malformed JSON`),
        method,
        url,
        cause,
      });
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  #fail(response: Response, text: string, method: string, url: string): never {
    let outcome = undefined;
    let bodyWasFhir = false;
    if (isJsonContentType(response.headers.get('Content-Type')) || /^\s*\{/.test(text)) {
      try {
        const parsed: unknown = JSON.parse(text);
        bodyWasFhir = isResource(parsed);
        if (isOperationOutcome(parsed)) outcome = normalizeOperationOutcome(parsed);
      } catch {
        // Not JSON after all: treated as a non-FHIR page below.
      }
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), this.#now());
    throw new FhirError({
      kind: kindForStatus(response.status),
      status: response.status,
      outcome: outcome ?? outcomeFromStatus(response.status, response.statusText, bodyWasFhir || text.trim() === ''),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      method,
      url,
    });
  }

  #resolve(pathOrUrl: string): string {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return pathOrUrl ? `${this.baseUrl}/${pathOrUrl}` : this.baseUrl;
    // Absolute URLs only come from paging links; never send the token elsewhere.
    const url = this.pagingUrl(pathOrUrl);
    if (url === undefined) throw new TypeError(`Refusing to request a URL outside ${this.baseUrl}`);
    return url;
  }

  #requireResource<T>(res: RawResponse<T>, method: string, url: string): T {
    if (isResource(res.body)) return res.body;
    throw invalid(res.status, 'a resource', method, url);
  }

  #requireBundle<B extends Bundle>(res: RawResponse<B>, method: string, url: string): B {
    if (isBundle(res.body)) return res.body;
    throw invalid(res.status, 'a Bundle', method, url);
  }

  #writeResult<T extends FhirResource>(res: RawResponse<T>, method: string, url: string): WriteResult<T> {
    const resource = isResource(res.body) && !isOperationOutcome(res.body) ? res.body : undefined;
    const location = parseLocation(res.headers.get('Location') ?? res.headers.get('Content-Location'));
    const id = resource?.id ?? location?.id;
    if (!id) throw invalid(res.status, 'a resource id (body or Location)', method, url);
    const versionId = resource?.meta?.versionId ?? parseETag(res.headers.get('ETag')) ?? location?.versionId;
    return { id, versionId, resource, status: res.status };
  }
}

function invalid(status: number, expected: string, method: string, url: string): FhirError {
  return new FhirError({
    kind: 'invalid-response',
    status,
    outcome: outcomeOf('error', 'invalid', `The server answered ${status} without ${expected}`),
    method,
    url,
  });
}

function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/fhir+json' || mime === 'application/json' || mime === 'application/json+fhir';
}

function toQueryString(params: SearchParams): string {
  if (params instanceof URLSearchParams) return params.toString();
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of typeof value === 'string' ? [value] : value) query.append(key, v);
  }
  return query.toString();
}
