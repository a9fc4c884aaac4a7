import { useAppState } from '../hooks/useAppState';

/** What a viewport that is not the active one shows: its study when it is a prior, its series, and which image. */
export function CompanionOverlay({ viewportId }: { viewportId: string }) {
  const v = useAppState((s) => s.layout.viewports.find((x) => x.id === viewportId));
  const openStudyUid = useAppState((s) => s.viewer.studyUid);
  const priorDate = useAppState((s) => (v?.studyUid && v.studyUid !== s.viewer.studyUid ? s.layout.priors.studies.find((p) => p.studyUid === v.studyUid)?.studyDate : undefined));
  const seriesName = useAppState((s) => {
    const x = s.viewer.series.find((y) => y.seriesUid === v?.seriesUid);
    return x ? `${x.description ?? x.modality} #${x.seriesNumber ?? ''}` : undefined;
  });
  const img = v?.images[v.index];
  if (!v || !img) return null;
  const prior = !!v.studyUid && v.studyUid !== openStudyUid;
  return (
    <div className="overlay" aria-label="Viewport information">
      <div className="overlay-tl">
        {prior && <div data-testid="overlay-prior">Prior {priorDate ?? ''}</div>}
        <div>{seriesName ?? img.instance.seriesDescription}</div>
      </div>
      <div className="overlay-tr">
        <div data-testid="overlay-image">Image {v.index + 1}/{v.images.length}</div>
      </div>
    </div>
  );
}
