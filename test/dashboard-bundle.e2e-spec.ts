import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The dashboard's first load stays small: the scripts and stylesheets index.html loads before any page
 * is shown (the pages and the chart library come later, each when first opened), gzipped.
 */
// The size script is plain CommonJS (also run on its own): required here and given its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { measure } = require('../scripts/dashboard-bundle-size') as {
  measure: () => { files: Array<{ path: string; bytes: number; gzipped: number }>; gzipped: number };
};

const BUDGET_BYTES = 150 * 1024;
const DIST = resolve(__dirname, '../dist/dashboard-web');

describe("the dashboard's initial download", () => {
  it('is under 150 KB gzipped, JavaScript and CSS together', () => {
    const { files, gzipped } = measure();
    expect(files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.path.endsWith('.css'))).toBe(true);
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
  });

  it('leaves the chart library out of it (uPlot is loaded with the overview only)', () => {
    const { files } = measure();
    const initial = files.map((f) => readFileSync(join(DIST, f.path), 'utf8')).join('\n');
    // uPlot's own class names; the chart's chunk has them, the first load must not.
    expect(initial).not.toContain('u-over');
    expect(readdirSync(join(DIST, 'assets')).some((name) => readFileSync(join(DIST, 'assets', name), 'utf8').includes('u-over'))).toBe(true);
  });
});
