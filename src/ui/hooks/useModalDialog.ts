import { useEffect, useRef } from 'react';

/** Drives a native <dialog> from a boolean: modal (focus trapped, Escape) while `open`. */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return ref;
}
