import type { Locator, Page } from '@playwright/test';
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

  /** Page → TLHC image coordinate mapping of the viewport (ViewerPage.imageToPage). */
  imageToPage(): Promise<(x: number, y: number) => { x: number; y: number }> {
    return this.viewer.imageToPage();
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
