import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConfig } from './config/loadConfig';
import { resolveUrl } from './config/resolveUrl';
import type { AppConfig } from './config/configSchema';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { ConfigErrorPage } from '../ui/components/ConfigErrorPage';
import { ViewerCommandsContext } from '../ui/viewer/ViewerCommands';
import { createDicomWebClient } from '../adapters/dicomweb/dicomWebClient';
import { createStowClient } from '../adapters/dicomweb/stowClient';
import { FhirClient } from '../adapters/fhir/FhirClient';
import { configureServices } from '../store/services';
import { createLazyEngineBridge } from './lazyEngineBridge';
import { silenceImageLoadRejections } from '../adapters/cornerstone/imageLoadRejections';
import { followUrl, onStudyLoaded, readUrl } from './navigation';
import { createSaveQueue } from '../store/saveQueue';
import { startDraftPersistence } from './draftPersistence';
import { pendingRecords } from '../store/roiActions';
import { appStore } from '../store/appStore';
import { setAccessMode, setHostPatient } from '../store/sessionActions';
import { discoverServer } from '../store/serverActions';
import { createStudySwitch } from './studySwitch';
import { createLogout } from './logout';
import { createEmbedBridge } from './embedBridge';
import { setUpAuth } from './authSetup';
import { saveKeyImage } from '../store/keyImageActions';
import '../ui/styles.css';

/** The composition root: config → clients → store services → engine bridge → React. */
async function start(config: AppConfig, root: ReturnType<typeof createRoot>) {
  silenceImageLoadRejections();
  const origin = window.location.origin;
  const fetchFn: typeof fetch = (input, init) => window.fetch(input, init);
  const wadoRoot = resolveUrl(config.dicomweb.wadoRoot, origin);
  // Auth before the clients (a SMART launch may redirect away); the embed bridge carries host tokens.
  const embed = createEmbedBridge(config);
  const auth = await setUpAuth(config, resolveUrl(config.fhir.baseUrl, origin), () => embed.tokenNeeded());
  configureServices({
    dicomweb: createDicomWebClient({ qidoRoot: resolveUrl(config.dicomweb.qidoRoot, origin), wadoRoot, fetch: auth.dicomweb.wrapFetch(fetchFn), getAuthHeader: auth.dicomweb.getAuthHeader }),
    ...(config.dicomweb.stowRoot
      ? { stow: createStowClient({ stowRoot: resolveUrl(config.dicomweb.stowRoot, origin), fetch: auth.dicomweb.wrapFetch(fetchFn), getAuthHeader: auth.dicomweb.getAuthHeader }) }
      : {}),
    fhir: new FhirClient({ baseUrl: resolveUrl(config.fhir.baseUrl, origin), fetch: fetchFn, ...auth.fhir }),
    wadoRoot,
    prefetch: config.viewer.prefetch,
    selectionCode: config.imagingSelection.code,
    patientIdentifierSystem: config.imagingSelection.patientIdentifierSystem,
  });
  // Once per server: decides transaction vs per-resource saving before the first save.
  void discoverServer();
  const commands = createLazyEngineBridge({
    prefetch: config.viewer.prefetch,
    init: async () => {
      const { initCornerstone } = await import('../adapters/cornerstone/initCornerstone');
      await initCornerstone({ cacheSizeMB: config.viewer.cacheSizeMB, getAuthHeader: auth.dicomweb.getAuthHeader });
    },
  });
  const saveQueue = createSaveQueue({ autosave: config.imagingSelection.autosave });
  window.addEventListener('online', () => saveQueue.online());
  window.addEventListener('offline', () => saveQueue.offline());
  if (!navigator.onLine) saveQueue.offline();
  // Leaving with unsaved work asks first; the drafts would survive anyway, but the user may not expect that.
  window.addEventListener('beforeunload', (e) => {
    if (pendingRecords().length) e.preventDefault();
  });
  const drafts = await startDraftPersistence(resolveUrl(config.fhir.baseUrl, origin), { maxAgeDays: config.drafts.maxAgeDays, maxBytes: config.drafts.maxSizeMB * 1_048_576 });
  onStudyLoaded(async (studyUid) => {
    await drafts?.restore(studyUid);
  });
  // Another user took over the open study: bring back that user's own drafts.
  appStore.subscribe((s, prev) => {
    if (s.session.user !== prev.session.user && s.viewer.studyUid && s.viewer.status === 'ready') void drafts?.restore(s.viewer.studyUid);
  });
  const studySwitch = createStudySwitch({ save: saveQueue.save, discardDrafts: async (studyUid) => drafts?.discard(studyUid) });
  const logout = createLogout({ drafts, signOut: auth.signOut, studySwitch });
  const keyImage = () => saveKeyImage(() => commands.captureKeyImage(), saveQueue.save);
  embed.connect({ save: saveQueue.save, keyImage, hostToken: auth.hostToken, leave: studySwitch.leave, logout });
  const url = readUrl();
  // The engine chunk (~3 MB of JavaScript to compile, then WebGL and worker set-up) holds the main
  // thread for about a second. Started at once, it delayed the answers of the study's QIDO requests
  // and so the series-metadata request, which the first image needs as much as the engine. It starts
  // once the study's series are known (the metadata request is then already on the wire: openStudy
  // sends it as soon as the series list arrives), so the two overlap; with no study in the URL, it
  // loads while the user browses.
  const preloadWhen = (ready: (s: ReturnType<typeof appStore.getState>) => boolean) => {
    if (ready(appStore.getState())) return void commands.preload();
    const off = appStore.subscribe((s) => {
      if (!ready(s)) return;
      off();
      void commands.preload();
    });
  };
  if (url.studyUid) preloadWhen((s) => s.viewer.status === 'ready' || s.viewer.status === 'not-found' || s.viewer.status === 'error');
  else setTimeout(() => void commands.preload(), 1500);
  if (url.mode) setAccessMode(url.mode);
  // Only a claim to check against the study: a link cannot choose whose findings these are.
  if (url.patient) setHostPatient(url.patient);
  window.addEventListener('popstate', () => studySwitch.onPopState());
  followUrl();
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <ViewerCommandsContext.Provider value={commands}>
          <App config={config} onSave={() => void saveQueue.save()} onKeyImage={() => void keyImage()} studySwitch={studySwitch} onLogout={logout} />
        </ViewerCommandsContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

async function main() {
  const root = createRoot(document.getElementById('root')!);
  const result = await loadConfig((u, i) => window.fetch(u, i));
  if (!result.ok) {
    root.render(<ConfigErrorPage problems={result.problems} />);
    return;
  }
  await start(result.config, root);
}

void main();
