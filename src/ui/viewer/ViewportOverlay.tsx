import { useAppState } from '../hooks/useAppState';
import { formatReadout } from '../../domain/measure/modalityValue';

const fmt = (n: number) => n.toFixed(2);
/** DICOM windows are usually whole numbers; show a fraction only when there is one (e.g. after a drag). */
const win = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function ViewportOverlay() {
  const study = useAppState((s) => s.viewer.study);
  const images = useAppState((s) => s.viewer.images);
  const index = useAppState((s) => s.viewer.index);
  const voi = useAppState((s) => s.viewer.voi);
  const pointer = useAppState((s) => s.viewer.pointer);
  const readout = useAppState((s) => s.viewer.pointerReadout);
  const series = useAppState((s) => s.viewer.series.find((x) => x.seriesUid === s.viewer.seriesUid));
  const img = images[index];
  if (!img) return null;
  return (
    <div className="overlay" aria-label="Image information">
      <div className="overlay-tl">
        <div data-testid="overlay-patient">{study?.patientName} {study?.patientId && `(${study.patientId})`}</div>
        <div>{study?.studyDate}</div>
        <div>{series?.description ?? img.instance.seriesDescription} {series?.seriesNumber !== undefined && `#${series.seriesNumber}`}</div>
      </div>
      <div className="overlay-tr">
        <div data-testid="overlay-image">Image {index + 1}/{images.length}</div>
        {img.isMultiframe && <div data-testid="overlay-frame">Frame {img.frameNumber}/{img.instance.numberOfFrames}</div>}
        {voi && <div data-testid="overlay-voi">W {win(voi.width)} L {win(voi.center)}</div>}
      </div>
      <div className="overlay-bl">
        <div data-testid="overlay-pointer">{pointer ? `x ${fmt(pointer[0])} y ${fmt(pointer[1])} px` : ''}</div>
        <div data-testid="overlay-value">{pointer && readout ? formatReadout(readout) : ''}</div>
        <div>{img.instance.columns}×{img.instance.rows}</div>
      </div>
    </div>
  );
}
