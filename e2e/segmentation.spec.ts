import { test, expect } from './fixtures';
import { sample, sampleFile } from './support/samples';
import { SegmentationPanelPage } from './pages/SegmentationPanel';
import { segRowTruth } from './support/segTruth';

const ct = () => sample('ct-200');
const segSeries = () => ct().series.find((s) => s.description === 'Phantom segmentation (SEG)')!;
const sopOfImage = (n: number) => ct().series[0]!.instances.find((i) => i.instanceNumber === n)!.sopInstanceUid;
const SEGMENTS = ['Body', 'Left lung', 'Right lung'] as const;

test('a SEG opens over its CT: segments with their colours, and each one on exactly its pixels on two slices', async ({ page, viewer, consoleErrors }) => {
  test.setTimeout(180_000);
  await viewer.openFresh(ct().studyUid);
  const seg = new SegmentationPanelPage(page, viewer);
  await seg.openSeries('Phantom segmentation');
  await expect(seg.segments).toHaveCount(3, { timeout: 60_000 });
  // Shown over the source series, listed with the label and colour the SEG gives (CIELab → sRGB).
  await expect(page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /CT axial/ })).toHaveAttribute('aria-pressed', 'true');
  const rgb = await seg.segments.locator('.swatch').evaluateAll((els) => els.map((e) => e.getAttribute('data-rgb')!.split(',').map(Number)));
  const written = [[230, 180, 140], [60, 140, 255], [40, 200, 90]]; // the RGB seg_highdicom.py gave highdicom
  rgb.forEach((c, i) => c.forEach((v, k) => expect(Math.abs(v - written[i]![k]!)).toBeLessThanOrEqual(1)));
  for (const [i, label] of SEGMENTS.entries()) await expect(seg.segments.nth(i).getByRole('button')).toHaveText(`${i + 1}. ${label}`);
  await seg.root.getByRole('slider', { name: 'Segmentation opacity' }).fill('60');

  const segFile = sampleFile(segSeries().instances[0]!.sopInstanceUid);
  const ROW = 256; // through both lungs of the phantom
  for (const image of [2, 68]) {
    await viewer.goToImage(image);
    await viewer.waitForImage();
    const truth = segRowTruth(segFile, sopOfImage(image), ROW);
    const toPage = await seg.imageToPage();
    // The phantom's slice-index bar (rows 10–14) is 2n pixels long on instance n: the CT shown is instance `image`.
    for (const [col, hu] of [[10 + 2 * image - 1, 1000], [10 + 2 * image + 1, -1000]] as const) {
      const p = toPage(col + 0.5, 12.5);
      await page.mouse.move(p.x, p.y);
      await expect(page.getByTestId('overlay-value')).toHaveText(/^-?\d+(\.\d+)? HU$/);
      const v = Number(/-?\d+(\.\d+)?/.exec((await page.getByTestId('overlay-value').textContent())!)![0]);
      expect(Math.abs(v - hu), `HU at column ${col} of image ${image}`).toBeLessThan(60);
    }
    await page.mouse.move(0, 0);
    const columns = Array.from({ length: 440 }, (_, k) => 36 + k);
    const points = columns.map((c) => toPage(c + 0.5, ROW + 0.5)); // pixel centres
    for (const [i, label] of SEGMENTS.entries()) {
      const n = i + 1;
      expect(truth.filter((v) => v === n).length, `${label} crosses row ${ROW} of image ${image}`).toBeGreaterThan(20);
      await seg.showOnly([label]);
      // Drawn, in the segment's colour, exactly where highdicom reads the segment in the SEG, and nowhere else.
      await expect
        .poll(async () => {
          const shown = await seg.overlayColours(points);
          return columns
            .map((c, k) => ({ c, k }))
            .filter(({ c, k }) => (shown[k]![3]! > 0) !== (truth[c] === n) || (shown[k]![3]! > 0 && shown[k]!.slice(0, 3).some((v, ch) => Math.abs(v - rgb[i]![ch]!) > 1)))
            .map(({ c, k }) => `column ${c}: SEG ${truth[c]}, overlay ${shown[k]!.join('/')}`);
        }, { message: `${label} on image ${image}: columns where the overlay and the SEG disagree`, timeout: 20_000 })
        .toEqual([]);
    }
    await seg.showOnly([...SEGMENTS]);
  }
  expect(consoleErrors).toEqual([]);
});
