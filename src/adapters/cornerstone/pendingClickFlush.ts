/**
 * Cornerstone holds a click on the viewport for its double-click window
 * (400 ms) before any tool sees it, and a mouse-up anywhere in the page
 * during that window throws the held click away. So a Point clicked and then
 * Save (or a tool button, or a shortcut) pressed within 400 ms was never
 * created. Its own way to release a held click early is pointer movement of
 * more than 3 px over the viewport; we make that movement happen, before any
 * press outside the viewport or any key reaches the page, so the click
 * becomes a shape first and the page's action sees it.
 */
const HOLD_MS = 450; // Cornerstone's 400 ms window, with slack for a busy main thread
const NUDGE_PX = 8; // more than its 3 px drag tolerance

export function installPendingClickFlush(element: HTMLElement): () => void {
  let downAt = -Infinity;
  let upAfterDown = false;
  let last: { x: number; y: number } | undefined;

  const onDown = (e: MouseEvent) => {
    if (e.button !== 0) return;
    downAt = performance.now();
    upAfterDown = false;
    last = { x: e.clientX, y: e.clientY };
  };
  const onUp = () => {
    if (last) upAfterDown = true;
  };
  const onMove = (e: MouseEvent) => {
    if (e.isTrusted) last = { x: e.clientX, y: e.clientY };
  };

  const move = (x: number, y: number) =>
    // Not bubbling: the document's drag listener must not take this for a drag.
    element.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: false, cancelable: true, view: window }));

  const flush = () => {
    if (!last || !upAfterDown || performance.now() - downAt > HOLD_MS) return;
    const at = last;
    last = undefined;
    upAfterDown = false;
    const r = element.getBoundingClientRect();
    const dx = at.x < r.left + r.width / 2 ? NUDGE_PX : -NUDGE_PX;
    move(at.x + dx, at.y);
    move(at.x, at.y); // hover state back where the pointer really is
  };
  const onPageDown = (e: Event) => {
    if (!(e.target instanceof Node) || !element.contains(e.target)) flush();
  };

  element.addEventListener('mousedown', onDown, true);
  window.addEventListener('mouseup', onUp, true);
  element.addEventListener('mousemove', onMove, true);
  window.addEventListener('pointerdown', onPageDown, true);
  window.addEventListener('mousedown', onPageDown, true);
  window.addEventListener('keydown', flush, true);
  return () => {
    element.removeEventListener('mousedown', onDown, true);
    window.removeEventListener('mouseup', onUp, true);
    element.removeEventListener('mousemove', onMove, true);
    window.removeEventListener('pointerdown', onPageDown, true);
    window.removeEventListener('mousedown', onPageDown, true);
    window.removeEventListener('keydown', flush, true);
  };
}
