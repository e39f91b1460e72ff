#!/usr/bin/env node
// The initial download of the dashboard (dist/dashboard-web/index.html) or of the partner portal (portal.html):
// the scripts and stylesheets the page loads before anything is shown (lazy pages, the chart and the QR code
// are not counted), gzipped, in bytes. `node scripts/dashboard-bundle-size.js [portal.html]` prints a line per
// file and the total; --json prints the numbers.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');

const DIST = resolve(__dirname, '../dist/dashboard-web');

function initialAssets(html) {
  const paths = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) paths.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0]);
    if (href) paths.push(href[1]);
  }
  return [...new Set(paths)].filter((p) => !/^https?:/.test(p));
}

function measure(page = 'index.html', dist = DIST) {
  const html = readFileSync(join(dist, page), 'utf8');
  const files = initialAssets(html).map((path) => {
    const bytes = readFileSync(join(dist, path.replace(/^\//, '')));
    return { path, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipped: files.reduce((n, f) => n + f.gzipped, 0) };
}

if (require.main === module) {
  const result = measure(process.argv.slice(2).find((a) => a.endsWith('.html')));
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    for (const f of result.files) console.log(`${f.path}  ${(f.gzipped / 1024).toFixed(1)} KB gzipped (${(f.bytes / 1024).toFixed(1)} KB)`);
    console.log(`initial JS+CSS: ${(result.gzipped / 1024).toFixed(1)} KB gzipped`);
  }
}

module.exports = { measure };
