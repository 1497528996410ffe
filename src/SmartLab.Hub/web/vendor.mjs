// Copies the files the pages load from node_modules into ../wwwroot/vendor, so the hub serves them as plain static
// files: nothing is built at run time or in CI. Run after changing a version in package.json: npm ci && npm run vendor.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'wwwroot', 'vendor', 'uplot');
mkdirSync(target, { recursive: true });
for (const [from, to] of [
  ['node_modules/uplot/dist/uPlot.esm.js', 'uPlot.esm.js'],
  ['node_modules/uplot/dist/uPlot.min.css', 'uPlot.min.css'],
  ['node_modules/uplot/LICENSE', 'LICENSE'],
]) {
  copyFileSync(join(here, from), join(target, to));
}
