import type { ViewerCommands } from '../ui/viewer/ViewerCommands';
import type { createEngineBridge } from './engineBridge';

type Options = Parameters<typeof createEngineBridge>[0];

/**
 * The engine (Cornerstone, vtk.js, codecs' glue: ~1 MB gzip) loads as its own
 * chunk, so the study browser and the first DICOMweb/FHIR requests do not
 * wait for it to download and parse. `preload()` starts the download early
 * (a study in the URL, or idle time on the browser page).
 */
export function createLazyEngineBridge(opts: Options): ViewerCommands & { preload(): Promise<unknown> } {
  let real: ViewerCommands | undefined;
  let loading: Promise<ViewerCommands> | undefined;
  let element: HTMLDivElement | undefined;
  const preload = () =>
    (loading ??= import('./engineBridge').then((m) => {
      real = m.createEngineBridge(opts);
      if (element) real.attach(element);
      return real;
    }));
  return {
    preload,
    attach(el) {
      element = el;
      if (real) real.attach(el);
      else void preload();
    },
    detach() {
      element = undefined;
      real?.detach();
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
