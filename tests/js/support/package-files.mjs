// What `npm pack` must ship, and nothing else (package.json `files`, plus what npm always adds):
// the build, the named portfolio-margin models for users to read (each file of
// portfolio-models/, compiled into the wasm too), the JSON Schemas of the input documents (each
// file of schemas/) with their compiled validators, the command line (bin/) and the runnable
// examples with their sample data (examples/*.mjs and *.json: the CLI's --sample reads one).
import { readdirSync } from 'node:fs';

function filesIn(folder, extensions) {
  return readdirSync(new URL(`../../../${folder}/`, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)))
    .map((entry) => `${folder}/${entry.name}`);
}

const MODELS = filesIn('portfolio-models', ['.json']);
const SCHEMAS = filesIn('schemas', ['.json']);
const COMMAND_LINE = [...filesIn('bin', ['.mjs']), ...filesIn('bin/cli', ['.mjs'])];
const EXAMPLES = filesIn('examples', ['.mjs', '.json']);

export const PACKAGE_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/marginkit.mjs',
  'dist/marginkit.node.mjs',
  'dist/marginkit.cjs',
  'dist/marginkit.wasm',
  'dist/marginkit.d.mts',
  'dist/marginkit.d.cts',
  'dist/marginkit.schemas.mjs',
  'dist/marginkit.schemas.d.mts',
  ...SCHEMAS,
  ...MODELS,
  ...COMMAND_LINE,
  ...EXAMPLES,
];
