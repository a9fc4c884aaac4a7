import { init as initCore, cache, imageLoadPoolManager, Enums as CoreEnums } from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';

export interface CornerstoneInitOptions {
  readonly cacheSizeMB: number;
  /** Adds Authorization to frame requests when DICOMweb is configured to get the token. */
  readonly getAuthHeader?: () => string | undefined;
}

let initialized: Promise<void> | undefined;

/**
 * Order matters (NOTES): core, then the image loader (which purges metadata
 * caches), then tools. Idempotent, because React StrictMode and the embed API
 * can both ask for it.
 */
export function initCornerstone(opts: CornerstoneInitOptions): Promise<void> {
  initialized ??= (async () => {
    initCore();
    const workers = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 0));
    initLoader({
      maxWebWorkers: workers,
      beforeSend: () => {
        const auth = opts.getAuthHeader?.();
        return auth ? { Authorization: auth } : undefined;
      },
    });
    initTools();
    // The default cache is 3 GB; a 200-slice 512² CT needs ~100 MB decoded.
    cache.setMaxCacheSize(opts.cacheSizeMB * 1024 * 1024);
    // Frames for the image on screen first, prefetch after. Browsers allow 6
    // connections per origin: prefetch takes at most 3 so the FHIR searches
    // that list the ROIs are not queued behind 200 frames (bench: −25–40 %).
    imageLoadPoolManager.setMaxSimultaneousRequests(CoreEnums.RequestType.Interaction, 6);
    imageLoadPoolManager.setMaxSimultaneousRequests(CoreEnums.RequestType.Prefetch, 3);
  })();
  return initialized;
}
