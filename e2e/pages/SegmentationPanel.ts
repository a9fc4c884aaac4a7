import { expect, type Locator, type Page } from '@playwright/test';
import type { ViewerPage } from './ViewerPage';

/** The segmentation section of the ROI panel, and reading the overlay back from the canvas. */
export class SegmentationPanelPage {
  readonly root: Locator;
  readonly segments: Locator;

  constructor(
    readonly page: Page,
    readonly viewer: ViewerPage,
  ) {
    this.root = page.getByRole('region', { name: 'Segmentation' });
    this.segments = this.root.getByRole('list', { name: 'Segments' }).locator('li');
  }

  async openSeries(description: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: new RegExp(description) }).click();
  }

  segment(label: string): Locator {
    return this.segments.filter({ has: this.page.getByRole('button', { name: new RegExp(`^\\d+\\. ${label}$`) }) });
  }

  async showOnly(labels: readonly string[]): Promise<void> {
    for (const li of await this.segments.all()) {
      const name = (await li.getByRole('button').textContent())!.replace(/^\d+\. /, '');
      const box = li.getByRole('checkbox');
      if (labels.includes(name)) await box.check();
      else await box.uncheck();
    }
  }

  /**
   * Page → TLHC image coordinate mapping of the viewport, measured with the viewer's own cursor
   * readout at two points (fit to window: a scale and an offset per axis).
   */
  async imageToPage(): Promise<(x: number, y: number) => { x: number; y: number }> {
    const b = await this.viewer.box();
    const read = async (px: number, py: number) => {
      await this.page.mouse.move(px, py);
      const pointer = this.page.getByTestId('overlay-pointer');
      await expect(pointer).toHaveText(/^x [\d.]+ y [\d.]+ px$/);
      const m = /^x ([\d.]+) y ([\d.]+) px$/.exec((await pointer.textContent())!)!;
      return { x: Number(m[1]), y: Number(m[2]) };
    };
    // Whole page pixels: mouse events carry integer client coordinates, so a fractional target would be
    // truncated and the readout would belong to another point than the one assumed here.
    const p1 = { x: Math.round(b.x + b.width * 0.3), y: Math.round(b.y + b.height * 0.3) };
    const p2 = { x: Math.round(b.x + b.width * 0.7), y: Math.round(b.y + b.height * 0.7) };
    const i1 = await read(p1.x, p1.y);
    const i2 = await read(p2.x, p2.y);
    await this.page.mouse.move(b.x + b.width + 50, b.y); // off the image, so no cursor sits on it
    const sx = (p2.x - p1.x) / (i2.x - i1.x);
    const sy = (p2.y - p1.y) / (i2.y - i1.y);
    return (x, y) => ({ x: p1.x + (x - i1.x) * sx, y: p1.y + (y - i1.y) * sy });
  }

  /** RGBA of the segmentation overlay layer at page points (alpha 0 where no segment is drawn). */
  async overlayColours(points: ReadonlyArray<{ x: number; y: number }>): Promise<Array<[number, number, number, number]>> {
    return this.colours(this.page.getByTestId('segmentation-overlay'), points);
  }

  /** RGBA of the image canvas at page points. */
  async canvasColours(points: ReadonlyArray<{ x: number; y: number }>): Promise<Array<[number, number, number, number]>> {
    return this.colours(this.viewer.canvas, points);
  }

  private async colours(canvas: Locator, points: ReadonlyArray<{ x: number; y: number }>): Promise<Array<[number, number, number, number]>> {
    const b = await this.viewer.box();
    return canvas.evaluate(
      (c: HTMLCanvasElement, { pts, box }) => {
        const ctx = c.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        const kx = c.width / box.width;
        const ky = c.height / box.height;
        return pts.map((p) => {
          const x = Math.floor((p.x - box.x) * kx);
          const y = Math.floor((p.y - box.y) * ky);
          const o = (y * c.width + x) * 4;
          return [data[o]!, data[o + 1]!, data[o + 2]!, data[o + 3]!] as [number, number, number, number];
        });
      },
      { pts: points, box: b },
    );
  }
}
