/** What a key image shows: the viewport's pixels as 8-bit RGB, row by row. */
export interface CapturedView {
  readonly rgb: Uint8Array;
  readonly rows: number;
  readonly columns: number;
}

async function svgAsImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  // The layer is sized by CSS (100%); a detached copy needs its size spelled out.
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.style.removeProperty('position');
  const text = new XMLSerializer().serializeToString(copy);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  return img;
}

/**
 * The viewport as the user sees it: the engine's 2D canvas (the rendered
 * image) with Cornerstone's SVG annotation layer drawn over it, at the
 * canvas's own pixel size. The SVG is a same-document data URL without
 * foreign content, so the composite stays readable (not tainted).
 */
export async function captureViewport(element: HTMLElement, canvas: HTMLCanvasElement): Promise<CapturedView> {
  const columns = canvas.width;
  const rows = canvas.height;
  if (columns < 1 || rows < 1) throw new Error('The viewport has no size to capture');
  const out = document.createElement('canvas');
  out.width = columns;
  out.height = rows;
  const ctx = out.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('No 2D canvas to compose the key image on');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, columns, rows);
  ctx.drawImage(canvas, 0, 0);
  const svg = element.querySelector<SVGSVGElement>('svg.svg-layer');
  if (svg) {
    const css = svg.getBoundingClientRect();
    if (css.width > 0 && css.height > 0) ctx.drawImage(await svgAsImage(svg, css.width, css.height), 0, 0, columns, rows);
  }
  const rgba = ctx.getImageData(0, 0, columns, rows).data;
  const rgb = new Uint8Array(columns * rows * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return { rgb, rows, columns };
}
