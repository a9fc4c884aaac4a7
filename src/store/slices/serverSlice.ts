import type { StateCreator } from 'zustand';
import { ASSUMED_CAPABILITIES, type ServerCapabilities } from '../../adapters/fhir/capabilities';
import type { AppState } from '../appStore';

/** What the configured FHIR server can do, read once from /metadata (see serverActions.ts). */
export interface ServerSlice {
  server: {
    status: 'unknown' | 'loading' | 'ready' | 'error';
    capabilities: ServerCapabilities;
    /** Problems with the CapabilityStatement, and decisions taken later (a refused transaction). */
    issues: readonly string[];
  };
}

export const createServerSlice: StateCreator<AppState, [], [], ServerSlice> = () => ({
  server: { status: 'unknown', capabilities: ASSUMED_CAPABILITIES, issues: [] },
});
