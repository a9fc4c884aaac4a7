import { useAppState } from '../hooks/useAppState';
import { formatReadout } from '../../domain/measure/modalityValue';
import { WINDOW_PRESETS } from '../toolbar/useToolbarActions';

const fmt = (n: number) => n.toFixed(2);
/** DICOM windows are usually whole numbers; show a fraction only when there is one (e.g. after a drag). */
const win = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The preset the user picked, while the image still shows its window (a drag or Reset leaves it). */
const presetShown = (name: string | undefined, voi: { center: number; width: number }) => {
  const p = WINDOW_PRESETS.find((x) => x.name === name);
  return p && Math.abs(p.center - voi.center) < 0.5 && Math.abs(p.width - voi.width) < 0.5 ? p.name : undefined;
};

export function ViewportOverlay() {
  const study = useAppState((s) => s.viewer.study);
  const images = useAppState((s) => s.viewer.images);
  const index = useAppState((s) => s.viewer.index);
  const voi = useAppState((s) => s.viewer.voi);
  const zoom = useAppState((s) => s.viewer.zoom);
  const preset = useAppState((s) => s.viewer.voiPreset);
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
        {voi && <div data-testid="overlay-voi">W {win(voi.width)} L {win(voi.center)}{presetShown(preset, voi) ? ` (${presetShown(preset, voi)})` : ''}</div>}
        {zoom !== undefined && <div data-testid="overlay-zoom">Zoom {Math.round(zoom * 100)}%</div>}
      </div>
      <div className="overlay-bl">
        <div data-testid="overlay-pointer">{pointer ? `x ${fmt(pointer[0])} y ${fmt(pointer[1])} px` : ''}</div>
        <div data-testid="overlay-value">{pointer && readout ? formatReadout(readout) : ''}</div>
        <div>{img.instance.columns}×{img.instance.rows}</div>
      </div>
    </div>
  );
}
