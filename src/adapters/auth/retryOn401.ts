/**
 * Wraps fetch for the DICOMweb client: a 401 asks for a new token once and
 * repeats the request with it. Only GETs reach this wrapper (QIDO/WADO
 * metadata), so repeating is safe.
 */
export function retryOn401(fetchFn: typeof fetch, authHeader: () => string | undefined, renew: () => Promise<boolean>): typeof fetch {
  return async (input, init) => {
    const first = await fetchFn(input, init);
    if (first.status !== 401) return first;
    if (!(await renew())) return first;
    const headers = new Headers(init?.headers);
    const auth = authHeader();
    if (auth) headers.set('Authorization', auth);
    return fetchFn(input, { ...init, headers });
  };
}
