// What `npm pack` must ship, and nothing else (package.json `files`, plus what npm always adds).
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
  'portfolio-models/derive-pm2.json',
];
