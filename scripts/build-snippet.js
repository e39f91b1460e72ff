// Compiles apps/tracking/snippet/selgeo.ts into one minified, dependency-free script and reports its size.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { gzipSync } = require('node:zlib');
const swc = require('@swc/core');

const root = resolve(__dirname, '..');
const source = readFileSync(resolve(root, 'apps/tracking/snippet/selgeo.ts'), 'utf8');
const { code } = swc.transformSync(source, {
  filename: 'selgeo.ts',
  jsc: { parser: { syntax: 'typescript' }, target: 'es2017', minify: { compress: { passes: 2 }, mangle: true } },
  module: undefined,
  minify: true,
  sourceMaps: false,
});
const out = resolve(root, 'dist/snippet/selgeo.js');
mkdirSync(resolve(root, 'dist/snippet'), { recursive: true });
writeFileSync(out, code);
if (!process.argv.includes('--quiet')) {
  console.log(`selgeo.js: ${code.length} bytes minified, ${gzipSync(code, { level: 9 }).length} bytes gzipped -> ${out}`);
}
