import { expect, type Locator, type Page } from '@playwright/test';
import { clearSelections } from '../support/fhirServer';

export interface PixelStats {
  min: number;
  max: number;
  distinct: number;
  checksum: number;
}

/** The viewer as a radiologist uses it: toolbar, image, ROI panel. */
export class ViewerPage {
  readonly viewport: Locator;
  readonly canvas: Locator;
  readonly roiPanel: Locator;
  readonly toolbar: Locator;

  constructor(readonly page: Page) {
    this.viewport = page.getByTestId('viewport');
    this.canvas = page.locator('[data-testid="viewport"] canvas').first();
    this.roiPanel = page.getByRole('complementary', { name: 'Regions of interest' });
    this.toolbar = page.getByRole('toolbar', { name: 'Tools' });
  }

  async open(studyUid: string, extra = ''): Promise<void> {
    await this.page.goto(`/?StudyInstanceUIDs=${encodeURIComponent(studyUid)}${extra}`);
  }

  /** Opens a study with no saved selections on the server (each test starts clean). */
  async openFresh(studyUid: string): Promise<PixelStats> {
    await clearSelections(studyUid);
    await this.open(studyUid);
    return this.waitForImage();
  }

  /** Waits until the canvas shows a non-uniform image. */
  async waitForImage(): Promise<PixelStats> {
    let stats: PixelStats | undefined;
    await expect
      .poll(async () => {
        stats = await this.pixelStats();
        return stats.distinct;
      }, { timeout: 30_000 })
      .toBeGreaterThan(2);
    return stats!;
  }

  async pixelStats(): Promise<PixelStats> {
    return this.canvas.evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) return { min: 0, max: 0, distinct: 0, checksum: 0 };
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      let min = 255;
      let max = 0;
      let checksum = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        const v = data[i]! * 65536 + data[i + 1]! * 256 + data[i + 2]!;
        seen.add(v);
        const g = data[i]!;
        if (g < min) min = g;
        if (g > max) max = g;
        checksum = (checksum * 31 + v) % 1_000_000_007;
      }
      return { min, max, distinct: seen.size, checksum };
    });
  }

  tool(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  async useTool(name: string): Promise<void> {
    await this.tool(name).click();
    await expect(this.tool(name)).toHaveAttribute('aria-pressed', 'true');
  }

  /** Canvas box in page coordinates. */
  async box(): Promise<{ x: number; y: number; width: number; height: number }> {
    const b = await this.canvas.boundingBox();
    if (!b) throw new Error('viewport canvas is not visible');
    return b;
  }

  async centre(): Promise<{ x: number; y: number }> {
    const b = await this.box();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }

  /** A deliberate click: Cornerstone reads two quick clicks as a double click, so pause like a person. */
  async clickAt(x: number, y: number): Promise<void> {
    await this.page.waitForTimeout(450);
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.up();
  }

  /** Many small steps: Cornerstone can drop a single jump (see its own e2e helpers). */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }, button: 'left' | 'right' | 'middle' = 'left'): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down({ button });
    const steps = 12;
    for (let i = 1; i <= steps; i++) {
      await this.page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    }
    await this.page.mouse.up({ button });
  }

  /**
   * Moves an existing handle: hover first so the tool has found the handle
   * before the button goes down, and rest at the end so the last move is
   * applied before the button comes up (both are lost on a loaded machine).
   */
  async dragHandle(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.page.mouse.move(from.x - 4, from.y);
    await this.page.waitForTimeout(150);
    await this.page.mouse.move(from.x, from.y);
    await this.page.waitForTimeout(300);
    await this.page.mouse.down();
    const steps = 16;
    for (let i = 1; i <= steps; i++) {
      await this.page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    }
    await this.page.waitForTimeout(200);
    await this.page.mouse.up();
  }

  /** Circles Cornerstone has drawn in its SVG layer, in page coordinates (what the user sees). */
  async drawnCircles(): Promise<Array<{ cx: number; cy: number; r: number }>> {
    return this.viewport.evaluate((el) => {
      const svg = el.querySelector('svg');
      if (!svg) return [];
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('ellipse[data-id$="-circle"]')].map((e) => ({
        cx: box.left + Number(e.getAttribute('cx')),
        cy: box.top + Number(e.getAttribute('cy')),
        r: Number(e.getAttribute('rx')),
      }));
    });
  }

  /** The text drawn next to each ROI on the image, read back from the SVG layer: ROI id → its lines. */
  async roiTexts(): Promise<Record<string, string[]>> {
    return this.viewport.evaluate((el) => {
      const out: Record<string, string[]> = {};
      for (const g of el.querySelectorAll('svg [data-roi-readout]')) {
        out[g.getAttribute('data-roi-readout')!] = [...g.querySelectorAll('tspan')].map((t) => t.textContent ?? '');
      }
      return out;
    });
  }

  /** Every text in the viewport's SVG layer (all tools), for checks that no stray text is drawn. */
  async allSvgText(): Promise<string> {
    return this.viewport.evaluate((el) => [...el.querySelectorAll('svg text')].map((t) => t.textContent ?? '').join('\n'));
  }

  /** What the panel shows for the ROI with this id, by figure. */
  async panelFigures(roiId: string): Promise<Record<string, string>> {
    const item = this.roiPanel.locator(`li[data-roi-id="${roiId}"]`);
    const out: Record<string, string> = {};
    for (const id of ['roi-position', 'roi-length', 'roi-area', 'roi-stats']) {
      const loc = item.getByTestId(id);
      if (await loc.count()) out[id] = (await loc.first().textContent()) ?? '';
    }
    return out;
  }

  /** The active viewport's "Image n/N" (in a comparison layout each viewport has its own). */
  imageCounter(): Locator {
    return this.page.locator('section:has([data-testid="viewport"])').getByTestId('overlay-image');
  }

  roiItems(): Locator {
    return this.roiPanel.locator('.roi-list > li');
  }

  /** The toolbar's save state: "N unsaved", "Saving…" or "All saved". */
  saveStatus(): Locator {
    return this.toolbar.locator('.pending');
  }

  async save(): Promise<void> {
    await this.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Saved \d+ region/ })).toBeVisible();
  }

  /**
   * Presses Save if there is anything to save. Save is disabled while a save runs and when
   * nothing is unsaved, so a retrying save that finishes between the check and the click leaves
   * nothing to press: that is not a failure.
   */
  async saveIfPending(): Promise<void> {
    const save = this.toolbar.getByRole('button', { name: 'Save', exact: true });
    if (!(await save.isEnabled())) return;
    await save.click({ timeout: 5_000 }).catch(async (e: unknown) => {
      if (await save.isEnabled()) throw e;
    });
  }

  /** "Save key image", then waits for its outcome in the status bar. */
  async saveKeyImage(): Promise<void> {
    await this.toolbar.getByRole('button', { name: 'Save key image' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Key image saved/ })).toBeVisible({ timeout: 30_000 });
  }

  /** The "Unsaved changes" question shown when leaving a study with unsaved work. */
  leaveDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Unsaved changes' });
  }

  async backToStudies(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to studies' }).click();
  }

  /**
   * Page → TLHC image coordinate mapping of the viewport, measured with the viewer's own cursor
   * readout at two points (fit to window: a scale and an offset per axis).
   */
  async imageToPage(): Promise<(x: number, y: number) => { x: number; y: number }> {
    const b = await this.box();
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

  async goToImage(n: number): Promise<void> {
    await this.page.getByRole('slider', { name: 'Image' }).fill(String(n));
    await expect(this.imageCounter()).toContainText(`Image ${n}/`);
  }
}
