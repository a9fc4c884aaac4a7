import type { ViewerCommands } from '../ui/viewer/ViewerCommands';
import type { createEngineBridge } from './engineBridge';

type Options = Parameters<typeof createEngineBridge>[0];

/**
 * The engine (Cornerstone, vtk.js, codecs' glue: ~1 MB gzip) loads as its own
 * chunk, so the study browser and the first DICOMweb/FHIR requests do not
 * wait for it to download and parse. `preload()` loads it (once the study's
 * series are known, or in idle time on the browser page); a viewport that
 * attaches before then is handed over when it arrives.
 */
export function createLazyEngineBridge(opts: Options): ViewerCommands & { preload(): Promise<unknown> } {
  let real: ViewerCommands | undefined;
  let loading: Promise<ViewerCommands> | undefined;
  const elements = new Map<string, HTMLDivElement>();
  const preload = () =>
    (loading ??= import('./engineBridge').then((m) => {
      const r = m.createEngineBridge(opts);
      real = r;
      for (const [id, el] of elements) r.attach(id, el);
      return r;
    }));
  return {
    preload,
    // Attaching does not load the engine: the composition root decides when (see main.tsx).
    attach(id, el) {
      elements.set(id, el);
      if (real) real.attach(id, el);
    },
    detach(id) {
      elements.delete(id);
      real?.detach(id);
    },
    cancelShape: () => real?.cancelShape(),
    finishShape: () => real?.finishShape() ?? false,
    closeShape: () => real?.closeShape() ?? false,
    zoomBy: (f) => real?.zoomBy(f),
    reset: () => real?.reset(),
    toggleInvert: () => real?.toggleInvert(),
    setVoi: (c, w) => real?.setVoi(c, w),
    resize: () => real?.resize(),
    captureKeyImage: async () => real?.captureKeyImage(),
    imageToCanvas: (p) => real?.imageToCanvas(p),
  };
}
