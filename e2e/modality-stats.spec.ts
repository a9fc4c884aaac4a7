import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';
import { circleTruth } from './support/pixelTruth';

/** "Mean 1782 SD 12.3 Min -5 Max 2000 HU (n 52)" → numbers. */
function parseStats(text: string): { mean: number; sd: number; min: number; max: number; count: number } {
  const m = /Mean (-?[\d.]+) SD (-?[\d.]+) Min (-?[\d.]+) Max (-?[\d.]+)(?: \S+)? \(n (\d+)\)/.exec(text);
  if (!m) throw new Error(`No statistics in "${text}"`);
  return { mean: Number(m[1]), sd: Number(m[2]), min: Number(m[3]), max: Number(m[4]), count: Number(m[5]) };
}

/** The panel rounds to 1 decimal below 100 and to whole numbers above: allow half of that step. */
const shown = (actual: number, truth: number) => expect(Math.abs(actual - truth)).toBeLessThanOrEqual(Math.abs(truth) >= 100 ? 0.5 : 0.05 + 1e-9);

// Every uncompressed sample with a rescale (CT, and the no-geometry secondary capture), and MR without one.
const CASES = [
  { key: 'ct-small', unit: 'HU' },
  { key: 'ct-ankle-implicit', unit: 'HU' },
  { key: 'ct-200', unit: 'HU' },
  { key: 'no-geometry', unit: '' },
  { key: 'seg', unit: 'HU' },
  { key: 'mr-small', unit: '' },
];

test.describe('ROI statistics in modality units agree with pydicom + numpy', () => {
  for (const { key, unit } of CASES) {
    test(`circle statistics on ${key}`, async ({ viewer, page }) => {
      const s = sample(key);
      await viewer.openFresh(s.studyUid);
      const c = await viewer.centre();
      await viewer.useTool('Circle');
      await viewer.drag({ x: c.x - 13, y: c.y + 7 }, { x: c.x + 37, y: c.y + 7 });
      await expect(viewer.roiItems()).toHaveCount(1);
      await viewer.save();
      const [stored] = await selectionsOf(s.studyUid);
      const coord = coordinates(stored!);
      const truth = circleTruth(stored!.instance[0]!.uid, Number(stored!.instance[0]!.subset?.[0] ?? 1), coord);
      expect(truth.count).toBeGreaterThan(20);

      // After a reload the ROI comes from the server, so both sides use the stored coordinates.
      await page.reload();
      await viewer.waitForImage();
      const stats = viewer.roiItems().first().getByTestId('roi-stats');
      await expect(stats).toContainText('Mean');
      const text = (await stats.textContent())!;
      const got = parseStats(text);
      expect(got.count).toBe(truth.count);
      shown(got.mean, truth.mean);
      shown(got.sd, truth.sd);
      shown(got.min, truth.min);
      shown(got.max, truth.max);
      if (unit) expect(text).toContain(` ${unit} `);
      else expect(text).not.toContain('HU');
    });
  }

  test('a colour image gets no modality statistics, and says so', async ({ viewer }) => {
    const s = sample('rgb-jpeg');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 30, y: c.y });
    await expect(viewer.roiItems().first().getByTestId('roi-stats')).toHaveText('No pixel statistics: colour image: no modality values');
    await expect(viewer.roiItems().first()).not.toContainText('Mean');
  });
});
