import type { StateCreator } from 'zustand';
import type { ToolMode } from '../../adapters/cornerstone/toolNames';
import type { AppState } from '../appStore';

/** The editor's named modes. Each has explicit ways out, tested in sessionActions.test.ts. */
export type EditorMode =
  | { readonly name: 'idle' }
  | { readonly name: 'drawing'; readonly tool: ToolMode }
  | { readonly name: 'saving'; readonly count: number }
  | { readonly name: 'error'; readonly message: string };

export interface Conflict {
  readonly roiId: string;
  readonly mine: unknown;
  readonly theirs: unknown;
  readonly theirsVersion: string;
}

export interface SessionSlice {
  session: {
    accessMode: 'edit' | 'review';
    tool: ToolMode;
    mode: EditorMode;
    lastSaveMessage?: string;
    conflicts: readonly Conflict[];
    /** Patient from the SMART launch context; the subject only when the study has none. */
    launchPatient?: string;
    /** Patient the host's link names (?patient=): checked against the study, never the subject. */
    hostPatient?: string;
    /** The SMART sign-in expired and could not be renewed. */
    relaunchNeeded?: boolean;
    performer?: { reference?: string; display?: string };
    /** Browser connectivity as the save queue sees it. */
    network: 'online' | 'offline';
    /** Epoch ms of the next automatic save attempt after a failure. */
    nextRetryAt?: number;
  };
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  session: { accessMode: 'edit', tool: 'Select', mode: { name: 'idle' }, conflicts: [], network: 'online' },
});
