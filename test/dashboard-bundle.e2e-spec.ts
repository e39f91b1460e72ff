import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The dashboard's and the partner portal's first loads stay small: the scripts and stylesheets index.html
 * (portal.html) loads before any page is shown (the pages, the chart library and the QR encoder come later,
 * each when first opened), gzipped.
 */
// The size script is plain CommonJS (also run on its own): required here and given its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { measure } = require('../scripts/dashboard-bundle-size') as {
  measure: (page?: string) => { files: Array<{ path: string; bytes: number; gzipped: number }>; gzipped: number };
};

const BUDGET_BYTES = 150 * 1024;
const DIST = resolve(__dirname, '../dist/dashboard-web');

const initialText = (page: string) =>
  measure(page)
    .files.map((f) => readFileSync(join(DIST, f.path), 'utf8'))
    .join('\n');
const someAssetHas = (text: string) => readdirSync(join(DIST, 'assets')).some((name) => readFileSync(join(DIST, 'assets', name), 'utf8').includes(text));

describe.each([
  ['dashboard', 'index.html'],
  ['partner portal', 'portal.html'],
])("the %s's initial download", (_name, page) => {
  it('is under 150 KB gzipped, JavaScript and CSS together', () => {
    const { files, gzipped } = measure(page);
    expect(files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.path.endsWith('.css'))).toBe(true);
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
  });

  it('leaves the chart library out of it (uPlot is loaded with the pages that draw a chart)', () => {
    // uPlot's own class names; the chart's chunk has them, the first load must not.
    expect(initialText(page)).not.toContain('u-over');
    expect(someAssetHas('u-over')).toBe(true);
  });
});

describe("the partner portal's QR codes", () => {
  it('are drawn by a chunk loaded with the links page only, not with the first load', () => {
    // uqr's own error message: in the QR code's chunk, not in what portal.html loads first.
    expect(initialText('portal.html')).not.toContain('uqr only supports encoding');
    expect(someAssetHas('uqr only supports encoding')).toBe(true);
  });
});
