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
import { FhirClient } from '../adapters/fhir/FhirClient';
import { configureServices } from '../store/services';
import { createEngineBridge } from './engineBridge';
import { followUrl, readUrl } from './navigation';
import { setAccessMode, setLaunchPatient } from '../store/sessionActions';
import '../ui/styles.css';

/** The composition root: config → clients → store services → engine bridge → React. */
function start(config: AppConfig, root: ReturnType<typeof createRoot>) {
  const origin = window.location.origin;
  const fetchFn: typeof fetch = (input, init) => window.fetch(input, init);
  const wadoRoot = resolveUrl(config.dicomweb.wadoRoot, origin);
  configureServices({
    dicomweb: createDicomWebClient({ qidoRoot: resolveUrl(config.dicomweb.qidoRoot, origin), wadoRoot, fetch: fetchFn }),
    fhir: new FhirClient({ baseUrl: resolveUrl(config.fhir.baseUrl, origin), fetch: fetchFn }),
    wadoRoot,
    prefetch: config.viewer.prefetch,
    selectionCode: config.imagingSelection.code,
    patientIdentifierSystem: config.imagingSelection.patientIdentifierSystem,
  });
  const commands = createEngineBridge({
    prefetch: config.viewer.prefetch,
    init: async () => {
      const { initCornerstone } = await import('../adapters/cornerstone/initCornerstone');
      await initCornerstone({ cacheSizeMB: config.viewer.cacheSizeMB });
    },
  });
  const url = readUrl();
  if (url.mode) setAccessMode(url.mode);
  if (url.patient) setLaunchPatient(url.patient);
  window.addEventListener('popstate', followUrl);
  followUrl();
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <ViewerCommandsContext.Provider value={commands}>
          <App config={config} />
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
  start(result.config, root);
}

void main();
