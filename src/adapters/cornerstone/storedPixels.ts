import { cache, imageLoader, type Types as CoreTypes } from '@cornerstonejs/core';

/** Reads stored pixel values (column i, row j) of a decoded greyscale image. */
export type StoredValueReader = (i: number, j: number) => number;

/**
 * Stored (raw) values of a decoded image, whatever Cornerstone did to them.
 * Its loader pre-scales greyscale frames by Rescale Slope/Intercept while
 * decoding, so its pixel buffer may already hold modality values; applying
 * the rescale again was the "HU 1024 too low" defect. We undo exactly the
 * scaling it reports, so the domain's toModalityValue is the one place the
 * Modality LUT stage is applied. Undefined for colour or unloaded images.
 */
export function storedValueReader(imageId: string): StoredValueReader | undefined {
  const image = cache.getImage(imageId) as CoreTypes.IImage | undefined;
  if (!image || image.color) return undefined;
  const pixels = image.getPixelData() as ArrayLike<number> | undefined;
  if (!pixels) return undefined;
  const { columns, rows } = image;
  const read = (i: number, j: number) => (i >= 0 && j >= 0 && i < columns && j < rows ? (pixels[j * columns + i] ?? Number.NaN) : Number.NaN);
  const sp = image.preScale?.scaled ? image.preScale.scalingParameters : undefined;
  if (!sp) return read;
  if (sp.suvbw !== undefined) return undefined; // SUV-scaled PET: not a plain rescale we can undo
  const slope = sp.rescaleSlope ?? 1;
  const intercept = sp.rescaleIntercept ?? 0;
  // Stored values are integers; rounding removes the float error of undoing the scale.
  return (i, j) => Math.round((read(i, j) - intercept) / slope);
}

/** Loads (or takes from the cache) a stack image and reads its stored values; undefined when it cannot be decoded. */
export async function loadStoredValues(imageId: string): Promise<StoredValueReader | undefined> {
  try {
    await imageLoader.loadAndCacheImage(imageId);
  } catch {
    return undefined;
  }
  return storedValueReader(imageId);
}
