import { getState, setState } from './appStore';
import { getServices } from './services';
import { describeCapabilities, parseCapabilities } from '../adapters/fhir/capabilities';
import { FhirError } from '../adapters/fhir/FhirError';
import type { SaveStrategy } from '../adapters/fhir/selectionSave';

/**
 * Reads the FHIR server's CapabilityStatement once and keeps the decisions in
 * the store. A server that cannot describe itself is not an error for the
 * user: saving then uses safe assumptions (see capabilities.ts) and the
 * diagnostics panel says so.
 */
export async function discoverServer(): Promise<void> {
  if (getState().server.status === 'loading' || getState().server.status === 'ready') return;
  setState((s) => ({ server: { ...s.server, status: 'loading' } }));
  const { fhir } = getServices();
  try {
    const { capabilities, issues } = parseCapabilities(await fhir.metadata());
    setState({ server: { status: 'ready', capabilities, issues } });
    console.info(`[fhir] ${fhir.baseUrl}\n  ${[...describeCapabilities(capabilities), ...issues].join('\n  ')}`);
  } catch (e) {
    const why = e instanceof FhirError ? e.userMessage : String((e as Error)?.message ?? e);
    const { capabilities, issues } = parseCapabilities(undefined);
    setState({ server: { status: 'error', capabilities, issues: [`Reading /metadata failed: ${why}`, ...issues] } });
    console.warn(`[fhir] ${fhir.baseUrl}: /metadata failed (${why}); saving uses safe assumptions`);
  }
}

/** How saveChanges sends the next save; a refused transaction switches this server to per-resource saving. */
export function saveStrategy(): SaveStrategy {
  const { capabilities } = getState().server;
  return {
    transaction: capabilities.transaction,
    conditionalCreate: capabilities.conditionalCreate,
    onTransactionRefused: (error) => {
      const note = `The server refused a transaction (HTTP ${error.status ?? '?'}) although ${capabilities.source === 'statement' ? 'its CapabilityStatement offers it' : 'it was assumed'}; saving one resource at a time from now on.`;
      console.warn(`[fhir] ${note}`);
      setState((s) => ({ server: { ...s.server, capabilities: { ...s.server.capabilities, transaction: false }, issues: [...s.server.issues, note] } }));
    },
  };
}

/** Records a decision taken because of what the server lacks, once (Help → Server and the log). */
export function noteServerIssue(note: string): void {
  if (getState().server.issues.includes(note)) return;
  console.info(`[fhir] ${note}`);
  setState((s) => ({ server: { ...s.server, issues: [...s.server.issues, note] } }));
}
