/**
 * Per-frame geometry of multi-frame instances. Enhanced multi-frame objects
 * carry the position (and sometimes orientation/spacing) of each frame in
 * PerFrameFunctionalGroupsSequence, with common values in
 * SharedFunctionalGroupsSequence; legacy multi-frame objects (US, NM, SC)
 * only have the top-level attributes, which then apply to every frame.
 */
import type { ImagePlane, Orientation, PixelSpacing, Vec3 } from './imagePlane';

export interface FrameGeometry {
  readonly imagePositionPatient?: Vec3;
  readonly imageOrientationPatient?: Orientation;
  readonly pixelSpacing?: PixelSpacing;
}

export interface MultiFrameGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  /** Top-level attributes (legacy multi-frame and single-frame images). */
  readonly topLevel: FrameGeometry;
  /** SharedFunctionalGroupsSequence. */
  readonly shared: FrameGeometry;
  /** PerFrameFunctionalGroupsSequence, index 0 = frame 1. May be empty. */
  readonly perFrame: readonly FrameGeometry[];
}

/** Plane of a 1-based frame; undefined for a frame number out of range. */
export function framePlane(g: MultiFrameGeometry, frameNumber: number): ImagePlane | undefined {
  if (!Number.isInteger(frameNumber) || frameNumber < 1 || frameNumber > Math.max(1, g.numberOfFrames)) {
    return undefined;
  }
  const own = g.perFrame[frameNumber - 1];
  const pick = <K extends keyof FrameGeometry>(k: K): FrameGeometry[K] =>
    own?.[k] ?? g.shared[k] ?? g.topLevel[k];
  const plane: ImagePlane = { rows: g.rows, columns: g.columns };
  const ipp = pick('imagePositionPatient');
  const iop = pick('imageOrientationPatient');
  const spacing = pick('pixelSpacing');
  return {
    ...plane,
    ...(ipp ? { imagePositionPatient: ipp } : {}),
    ...(iop ? { imageOrientationPatient: iop } : {}),
    ...(spacing ? { pixelSpacing: spacing } : {}),
  };
}

// DICOM JSON (PS3.18 F.2) tags.
const TAG = {
  rows: '00280010',
  columns: '00280011',
  numberOfFrames: '00280008',
  ipp: '00200032',
  iop: '00200037',
  pixelSpacing: '00280030',
  shared: '52009229',
  perFrame: '52009230',
  planePosition: '00209113',
  planeOrientation: '00209116',
  pixelMeasures: '00289110',
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function values(ds: unknown, tag: string): readonly unknown[] | undefined {
  if (!isRecord(ds)) return undefined;
  const el = ds[tag];
  if (!isRecord(el) || !Array.isArray(el.Value)) return undefined;
  return el.Value;
}

/** DS values arrive as numbers or numeric strings depending on the server. */
function numbers<T extends readonly number[]>(ds: unknown, tag: string, n: T['length']): T | undefined {
  const v = values(ds, tag);
  if (!v || v.length !== n) return undefined;
  const out = v.map((x) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN));
  // The length check above is what makes the tuple type true.
  return out.every(Number.isFinite) ? (out as unknown as T) : undefined;
}

function firstItem(ds: unknown, tag: string): unknown {
  return values(ds, tag)?.[0];
}

function geometryOf(ds: unknown): FrameGeometry {
  const ipp = numbers<Vec3>(ds, TAG.ipp, 3);
  const iop = numbers<Orientation>(ds, TAG.iop, 6);
  const ps = numbers<PixelSpacing>(ds, TAG.pixelSpacing, 2);
  return {
    ...(ipp ? { imagePositionPatient: ipp } : {}),
    ...(iop ? { imageOrientationPatient: iop } : {}),
    ...(ps ? { pixelSpacing: ps } : {}),
  };
}

function functionalGroup(item: unknown): FrameGeometry {
  return {
    ...geometryOf(firstItem(item, TAG.planePosition)),
    ...geometryOf(firstItem(item, TAG.planeOrientation)),
    ...geometryOf(firstItem(item, TAG.pixelMeasures)),
  };
}

/**
 * Reads the geometry of an instance from its DICOM JSON metadata (WADO-RS).
 * Never throws; anything unreadable is reported and left to the defaults.
 */
export function multiFrameGeometryFromDicomJson(instance: unknown): {
  geometry?: MultiFrameGeometry;
  issues: string[];
} {
  const issues: string[] = [];
  const rows = numbers<[number]>(instance, TAG.rows, 1)?.[0];
  const columns = numbers<[number]>(instance, TAG.columns, 1)?.[0];
  if (rows === undefined || columns === undefined || rows <= 0 || columns <= 0) {
    issues.push('Rows/Columns missing or invalid');
    return { issues };
  }
  // NumberOfFrames is IS: may be a string "10".
  const frames = numbers<[number]>(instance, TAG.numberOfFrames, 1)?.[0] ?? 1;
  const numberOfFrames = Number.isInteger(frames) && frames >= 1 ? frames : 1;
  const perFrameItems = values(instance, TAG.perFrame) ?? [];
  if (perFrameItems.length > 0 && perFrameItems.length !== numberOfFrames) {
    issues.push(`PerFrameFunctionalGroupsSequence has ${perFrameItems.length} items for ${numberOfFrames} frames`);
  }
  const geometry: MultiFrameGeometry = {
    rows,
    columns,
    numberOfFrames,
    topLevel: geometryOf(instance),
    shared: functionalGroup(firstItem(instance, TAG.shared)),
    perFrame: perFrameItems.map(functionalGroup),
  };
  return { geometry, issues };
}
