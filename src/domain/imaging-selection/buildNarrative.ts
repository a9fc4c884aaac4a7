import type { Roi } from '../roi/Roi';
import type { SelectionContext } from './SelectionContext';
import type { WritableStatus } from './ImagingSelection';

/** Labels are free text typed by users; the narrative is XHTML others render. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function shapeName(roi: Roi): string {
  switch (roi.kind) {
    case 'point':
      return 'Point';
    case 'multipoint':
      return 'Points';
    case 'circle':
      return 'Circle';
    case 'ellipse':
      return 'Ellipse';
    case 'polyline':
      return roi.closed ? 'Polygon' : 'Polyline';
    case 'interpolated':
      return roi.closed ? 'Closed curve' : 'Curve';
  }
}

/** Plain-text summary, e.g. `Ellipse “lesion 1” on image 12, frame 5 of series 3`. */
export function describeRoi(roi: Roi, ctx: Pick<SelectionContext, 'seriesNumber' | 'instance'>): string {
  const parts = [shapeName(roi)];
  if (roi.label.trim() !== '') parts.push(`“${roi.label}”`);
  const n = ctx.instance.instanceNumber;
  parts.push(n !== undefined ? `on image ${n}` : `on instance ${roi.image.sopInstanceUid}`);
  let text = parts.join(' ');
  if (roi.image.frameNumber !== undefined) text += `, frame ${roi.image.frameNumber}`;
  if (ctx.seriesNumber !== undefined) text += ` of series ${ctx.seriesNumber}`;
  return text;
}

/** The `text.div` of the resource (FHIR narrative must be an XHTML div). */
export function buildNarrative(roi: Roi, ctx: Pick<SelectionContext, 'seriesNumber' | 'instance'>, status: WritableStatus = 'available'): string {
  const suffix = status === 'entered-in-error' ? ' (entered in error)' : '';
  return `<div xmlns="http://www.w3.org/1999/xhtml">${escapeXml(describeRoi(roi, ctx) + suffix)}</div>`;
}
