/**
 * Cornerstone's loader rejects some internal promises (prefetch, decode
 * retries) with the raw XMLHttpRequest or worker Event and never handles
 * them. The same failures already reach us as IMAGE_LOAD_ERROR events and
 * are shown on the viewport, so these duplicates are logged as warnings here
 * instead of surfacing as uncaught errors. Anything else stays uncaught.
 */
export function isImageLoadRejection(reason: unknown): boolean {
  if (typeof XMLHttpRequest !== 'undefined' && reason instanceof XMLHttpRequest) return true;
  if (typeof Event !== 'undefined' && reason instanceof Event) return true;
  const r = reason as { error?: unknown; imageId?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.imageId === 'string';
}

export function silenceImageLoadRejections(target: Window = window): () => void {
  const onRejection = (e: PromiseRejectionEvent) => {
    if (!isImageLoadRejection(e.reason)) return;
    e.preventDefault();
    const status = e.reason instanceof XMLHttpRequest ? ` (HTTP ${e.reason.status})` : '';
    console.warn(`An image request failed${status}; the viewport shows it`);
  };
  target.addEventListener('unhandledrejection', onRejection);
  return () => target.removeEventListener('unhandledrejection', onRejection);
}
