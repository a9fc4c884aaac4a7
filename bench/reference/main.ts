// The smallest page that shows a DICOMweb series with the same library as the
// viewer: QIDO series + WADO-RS series metadata + a wadors stack viewport with
// prefetch. The bench's reference for first image, scroll rate and memory.
// Same init order and metadata registration as src/adapters/cornerstone.
import { init as initCore, RenderingEngine, Enums, cache } from '@cornerstonejs/core';
import { init as initLoader, wadors } from '@cornerstonejs/dicom-image-loader';
import { init as initTools, utilities } from '@cornerstonejs/tools';

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const q = new URLSearchParams(location.search);
const studyUid = q.get('StudyInstanceUIDs') ?? '';
const root = `${location.origin}/dicom-web`;
const first = (ds: DicomJson, tag: string) => ds[tag]?.Value?.[0];

async function json(url: string): Promise<DicomJson[]> {
  const res = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
  return (await res.json()) as DicomJson[];
}

async function main() {
  initCore();
  initLoader({ maxWebWorkers: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)) });
  initTools();
  cache.setMaxCacheSize(512 * 1024 * 1024); // the viewer's default cacheSizeMB

  const seriesUid = q.get('SeriesInstanceUIDs') ?? String(first((await json(`${root}/studies/${studyUid}/series`))[0]!, '0020000E'));
  const meta = await json(`${root}/studies/${studyUid}/series/${seriesUid}/metadata`);
  const z = (ds: DicomJson) => Number((ds['00200032']?.Value as number[] | undefined)?.[2] ?? first(ds, '00200013'));
  meta.sort((a, b) => z(b) - z(a)); // superior first, like the viewer's order for these series
  const imageIds = meta.map((ds) => {
    const id = `wadors:${root}/studies/${studyUid}/series/${seriesUid}/instances/${String(first(ds, '00080018'))}/frames/1`;
    wadors.metaDataManager.add(id, ds as never);
    return id;
  });

  const element = document.getElementById('vp') as HTMLDivElement;
  const engine = new RenderingEngine('ref');
  engine.enableElement({ viewportId: 'ref', type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport('ref') as import('@cornerstonejs/core').Types.IStackViewport;
  const overlay = document.getElementById('overlay')!;
  const show = () => (overlay.textContent = `Image ${viewport.getCurrentImageIdIndex() + 1}/${imageIds.length}`);
  element.addEventListener(Enums.Events.STACK_NEW_IMAGE, show);
  await viewport.setStack(imageIds, 0);
  viewport.render();
  show();
  utilities.stackPrefetch.enable(element);
  window.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    const i = viewport.getCurrentImageIdIndex() + step;
    if (step && i >= 0 && i < imageIds.length) void viewport.setImageIdIndex(i);
  });
}

void main();
