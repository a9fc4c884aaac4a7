import { useStore } from 'zustand';
import { appStore, type AppState } from '../../store/appStore';

/** Fine-grained subscription: components re-render only when their slice of state changes. */
export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
