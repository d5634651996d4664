// What `npm pack` must ship, and nothing else (package.json `files`, plus what npm always adds):
// the build, and the named portfolio-margin models for users to read (each file of
// portfolio-models/, compiled into the wasm too).
import { readdirSync } from 'node:fs';

const MODELS = readdirSync(new URL('../../../portfolio-models/', import.meta.url))
  .filter((file) => file.endsWith('.json'))
  .map((file) => `portfolio-models/${file}`);

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
  ...MODELS,
];
