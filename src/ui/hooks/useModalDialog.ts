import { useEffect, useRef } from 'react';

/**
 * Drives a native <dialog> from a boolean: modal while `open` (the page
 * behind is inert, so focus stays in the dialog; Escape cancels), and on
 * closing, focus goes back to where it was before it opened.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    }
    if (!open && d.open) d.close();
    if (!open && returnTo.current) {
      const el = returnTo.current;
      returnTo.current = null;
      if (el.isConnected) el.focus();
    }
  }, [open]);
  return ref;
}
