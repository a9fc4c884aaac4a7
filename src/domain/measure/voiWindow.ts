/**
 * DICOM's linear VOI function (PS3.3 C.11.2.1.2): a window of width W and
 * centre C maps stored-then-modality values x with
 *   x ≤ C − 0.5 − (W−1)/2 → black,  x > C − 0.5 + (W−1)/2 → white.
 * A renderer that takes a [lower, upper] range therefore gets an upper −
 * lower of W − 1, not W; reading the range back as "upper − lower" showed a
 * 400/40 window as W 399. Both directions live here so the initial window,
 * presets and the displayed W/L share one convention.
 */
export interface VoiRange {
  readonly lower: number;
  readonly upper: number;
}

export function windowToRange(center: number, width: number): VoiRange {
  return { lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 };
}

export function rangeToWindow(r: VoiRange): { center: number; width: number } {
  return { center: (r.lower + r.upper + 1) / 2, width: Math.abs(r.upper - r.lower) + 1 };
}
