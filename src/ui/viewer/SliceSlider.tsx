import { useAppState } from '../hooks/useAppState';

/** The image slider; the only part of the viewport pane that re-renders on a slice change, with the overlay. */
export function SliceSlider({ onScrollTo }: { onScrollTo(index: number): void }) {
  const count = useAppState((s) => s.viewer.images.length);
  const index = useAppState((s) => s.viewer.index);
  if (count < 2) return null;
  return (
    <input
      className="slice-slider"
      type="range"
      aria-label="Image"
      min={1}
      max={count}
      value={index + 1}
      onChange={(e) => onScrollTo(Number(e.target.value) - 1)}
    />
  );
}
