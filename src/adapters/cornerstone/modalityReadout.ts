import type { StackImage } from '../dicomweb/models';
import type { Point2 } from '../../domain/roi/Roi';
import { pixelMeaning, pixelUnder, toModalityValue, type ModalityReadout } from '../../domain/measure/modalityValue';
import { storedValueReader } from './storedPixels';

/**
 * The modality value under a TLHC point of a decoded image, through the same
 * Modality LUT stage as the ROI statistics. Undefined outside the image or
 * before the image is decoded.
 */
export function modalityValueAt(image: StackImage, p: Point2): ModalityReadout | undefined {
  const px = pixelUnder(p, image.instance.rows, image.instance.columns);
  if (!px) return undefined;
  const meaning = pixelMeaning(image.instance);
  if (meaning.kind === 'none') return { kind: 'none', reason: meaning.reason };
  const read = storedValueReader(image.imageId);
  if (!read) return undefined;
  const value = toModalityValue(meaning.transform, read(px[0], px[1]));
  return Number.isFinite(value) ? { kind: 'value', value, unit: meaning.unit } : undefined;
}
