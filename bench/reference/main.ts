// The smallest page that shows a DICOMweb series with the same library as the
// viewer: QIDO series + WADO-RS series metadata + a wadors stack viewport with
// prefetch. The bench's reference for first image, scroll rate and memory.
// Same init order and metadata registration as src/adapters/cornerstone.
// With `seg=<SEG series UID>`, a "Show SEG" button loads that SEG the way the
// library documents it (@cornerstonejs/adapters → labelmap segmentation): the
// reference for the viewer's time and heap to show a SEG (issue 17).
// With `circles=x,y,r;…` (TLHC image coordinates on the first image), those
// circles are Cornerstone's own CircleROITool annotations, editable, with the
// tool's default text: the reference for a handle drag among as many ROIs as
// the viewer shows (issue 19).
import { init as initCore, RenderingEngine, Enums, cache, metaData, utilities as coreUtilities, type Types } from '@cornerstonejs/core';
import { init as initLoader, wadors } from '@cornerstonejs/dicom-image-loader';
import { init as initTools, utilities, segmentation, annotation, Enums as ToolsEnums, addTool, ToolGroupManager, StackScrollTool, CircleROITool } from '@cornerstonejs/tools';
import { adaptersSEG } from '@cornerstonejs/adapters';
// Multipart unwrapping only (no library does it for a WADO-RS instance here); the same bytes reach dcmjs in both pages.
import { multipartFirstBody } from '../../src/adapters/dicomweb/bulkData';

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
  // `size=WxH`: the viewport at exactly the viewer's canvas size (CSS px), so both pages render as many pixels.
  const size = /^(\d+)x(\d+)$/.exec(q.get('size') ?? '');
  if (size) Object.assign(element.style, { right: 'auto', bottom: 'auto', width: `${size[1]}px`, height: `${size[2]}px` });
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
  // The mouse wheel scrolls one slice per notch, as in the viewer (its StackScrollTool binding).
  addTool(StackScrollTool);
  const tools = ToolGroupManager.createToolGroup('ref-tools')!;
  tools.addTool(StackScrollTool.toolName);
  tools.addViewport('ref', 'ref');
  tools.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolsEnums.MouseBindings.Wheel }] });
  const circles = q.get('circles');
  if (circles) drawCircles(viewport, element, imageIds[0]!, circles, tools);
  const segSeriesUid = q.get('seg');
  if (segSeriesUid) await offerSeg(segSeriesUid, imageIds);
  window.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    const i = viewport.getCurrentImageIdIndex() + step;
    if (step && i >= 0 && i < imageIds.length) void viewport.setImageIdIndex(i);
  });
}

/** The bench's circles as the library's CircleROI annotations on the first image; `window.__circlesDrawn` says how many. */
function drawCircles(viewport: Types.IStackViewport, element: HTMLDivElement, imageId: string, spec: string, tools: NonNullable<ReturnType<typeof ToolGroupManager.createToolGroup>>) {
  addTool(CircleROITool);
  tools.addTool(CircleROITool.toolName);
  tools.setToolPassive(CircleROITool.toolName);
  const { viewPlaneNormal, viewUp } = viewport.getCamera();
  const FrameOfReferenceUID = viewport.getFrameOfReferenceUID();
  // The library's image coordinates start at the centre of the first pixel; the bench's are TLHC.
  const world = (x: number, y: number) => coreUtilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]) as Types.Point3;
  let n = 0;
  for (const c of spec.split(';')) {
    const [x, y, r] = c.split(',').map(Number) as [number, number, number];
    annotation.state.addAnnotation(
      {
        annotationUID: `bench-${n++}`,
        highlighted: false,
        invalidated: true,
        metadata: { toolName: CircleROITool.toolName, FrameOfReferenceUID, referencedImageId: imageId, viewPlaneNormal, viewUp },
        data: { label: '', handles: { points: [world(x, y), world(x + r, y)], activeHandleIndex: null, textBox: { hasMoved: false } }, cachedStats: {} },
      } as never,
      element,
    );
  }
  viewport.render();
  (window as unknown as { __circlesDrawn: number }).__circlesDrawn = n;
}

/**
 * A "Show SEG" button: WADO-RS retrieve of the SEG instance, then the adapters' createFromDICOMSegBuffer
 * and a labelmap representation on the stack viewport, as in Cornerstone3D's own SEG example. The
 * instance is found before the button appears, as the viewer has the study's series listed by then.
 */
async function offerSeg(segSeriesUid: string, imageIds: string[]) {
  const instances = await json(`${root}/studies/${studyUid}/series/${segSeriesUid}/instances`);
  const sop = String(first(instances[0]!, '00080018'));
  const button = document.createElement('button');
  button.id = 'show-seg';
  button.textContent = 'Show SEG';
  button.addEventListener('click', () => {
    void (async () => {
      const res = await fetch(`${root}/studies/${studyUid}/series/${segSeriesUid}/instances/${sop}`, {
        headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      });
      const part10 = multipartFirstBody(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type') ?? '');
      const buffer = part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength);
      const { labelMapImages } = await adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(imageIds, buffer, { metadataProvider: metaData });
      const segImageIds = (labelMapImages as Array<Array<{ imageId: string }>>).flat().map((i) => i.imageId);
      segmentation.addSegmentations([
        { segmentationId: 'seg', representation: { type: ToolsEnums.SegmentationRepresentations.Labelmap, data: { imageIds: segImageIds } } },
      ]);
      await segmentation.addLabelmapRepresentationToViewport('ref', [{ segmentationId: 'seg' }]);
    })().catch((e: unknown) => {
      document.title = `SEG failed: ${String(e)}`;
    });
  });
  document.body.append(button);
}

void main();
