import { utilities, Enums } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { StackImage } from '../dicomweb/models';
import type { DicomJson } from '../dicomweb/dicomJson';

/**
 * A small picture of one stack image, decoded by the same loader and codecs
 * as the viewport (the archive's own /rendered endpoint cannot decode every
 * transfer syntax without a transcoder). Requested at thumbnail priority so
 * it never delays the image on screen.
 */
export async function renderThumbnail(image: StackImage, raw: DicomJson, size = 64): Promise<string> {
  if (!wadors.metaDataManager.get(image.imageId)) {
    const frame1 = image.imageId.replace(/\/frames\/\d+$/, '/frames/1');
    wadors.metaDataManager.add(frame1, raw as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
  }
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  await utilities.loadImageToCanvas({ canvas, imageId: image.imageId, thumbnail: true, requestType: Enums.RequestType.Thumbnail, priority: 10 });
  return canvas.toDataURL('image/png');
}
