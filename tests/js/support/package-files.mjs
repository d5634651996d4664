// What `npm pack` must ship, and nothing else (package.json `files`, plus what npm always adds):
// the build, the named portfolio-margin models for users to read (each file of
// portfolio-models/, compiled into the wasm too), and the JSON Schemas of the input documents
// (each file of schemas/) with their compiled validators.
import { readdirSync } from 'node:fs';

const MODELS = readdirSync(new URL('../../../portfolio-models/', import.meta.url))
  .filter((file) => file.endsWith('.json'))
  .map((file) => `portfolio-models/${file}`);
const SCHEMAS = readdirSync(new URL('../../../schemas/', import.meta.url))
  .filter((file) => file.endsWith('.json'))
  .map((file) => `schemas/${file}`);

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
];
