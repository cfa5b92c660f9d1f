// Builds public/build: the stylesheet compiled from Sass, and the scripts pages load.
// Run by `npm start` and before the tests; takes a couple of seconds, so it skips work when the
// output is newer than every input.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'assets');
const out = path.join(root, 'public/build');
const govukPackage = path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json'));
const govukScript = path.join(govukPackage, 'dist/govuk/govuk-frontend.min.js');

function newestInput(): number {
  const inputs = [...fs.readdirSync(source).map((f) => path.join(source, f)), path.join(govukPackage, 'package.json')];
  return Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
}

function upToDate(): boolean {
  const css = path.join(out, 'app.css');
  return fs.existsSync(css) && fs.statSync(css).mtimeMs >= newestInput();
}

export function buildAssets(): void {
  if (upToDate()) return;
  fs.mkdirSync(out, { recursive: true });
  const result = sass.compile(path.join(source, 'app.scss'), {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  for (const file of ['app.js', 'js-enabled.js', 'favicon.svg']) fs.copyFileSync(path.join(source, file), path.join(out, file));
  fs.copyFileSync(govukScript, path.join(out, 'govuk-frontend.min.js'));
  // Written last: its timestamp is what says the build is complete.
  fs.writeFileSync(path.join(out, 'app.css'), result.css);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildAssets();
