import type { Rgb } from './Segmentation';

/**
 * DICOM CIELab (PS3.3 C.10.7.1.1: L* 0..100 → 0..0xFFFF, a* and b* −128..127 → 0..0xFFFF) to sRGB 0–255,
 * through XYZ with the D65 white point, then the sRGB transfer function, clamped into gamut.
 */
export function dicomLabToRgb(lab: readonly number[]): Rgb | undefined {
  if (lab.length !== 3 || lab.some((v) => !Number.isFinite(v) || v < 0 || v > 0xffff)) return undefined;
  const L = (lab[0]! * 100) / 0xffff;
  const a = (lab[1]! * 255) / 0xffff - 128;
  const b = (lab[2]! * 255) / 0xffff - 128;
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inv = (t: number) => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));
  const X = 0.950456 * inv(fx);
  const Y = inv(fy);
  const Z = 1.088754 * inv(fz);
  const lin = [3.2404542 * X - 1.5371385 * Y - 0.4985314 * Z, -0.969266 * X + 1.8760108 * Y + 0.041556 * Z, 0.0556434 * X - 0.2040259 * Y + 1.0572252 * Z];
  const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
  const [r, g, bl] = lin.map((c) => Math.round(Math.min(1, Math.max(0, gamma(c))) * 255)) as [number, number, number];
  return [r, g, bl];
}

const PALETTE: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
];

/** A distinct colour for a segment that carries none. */
export function paletteColor(segmentNumber: number): Rgb {
  return PALETTE[(Math.max(1, segmentNumber) - 1) % PALETTE.length]!;
}
