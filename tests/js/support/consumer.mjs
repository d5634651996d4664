// A consumer's view of the package, shared by the tests that build example apps: `npm pack` the
// repository once per run, unpack the tarball into build/consumer/node_modules/marginkit, and
// copy apps from examples/ to build/consumer/apps/. Tools (vite, webpack, next, typescript) are
// the repository's dev dependencies, found by walking up from there to the root node_modules.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const consumerRoot = join(repoRoot, 'build', 'consumer');
const packDir = join(repoRoot, 'build', 'pack');

// The newest modification time of what `npm pack` takes: dist/, schemas/ and the root package files.
function newestPackageMtime() {
  const inDir = (dir) => readdirSync(join(repoRoot, dir)).map((name) => join(repoRoot, dir, name));
  const paths = [...inDir('dist'), ...inDir('schemas'),
    ...['package.json', 'README.md', 'LICENSE'].map((name) => join(repoRoot, name))];
  return Math.max(...paths.map((path) => statSync(path).mtimeMs));
}

// Returns the path of the unpacked package; repacks only when dist/ or the root package files
// changed since the last pack.
export function installPackedPackage() {
  const installed = join(consumerRoot, 'node_modules', 'marginkit');
  const stamp = join(installed, 'package.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestPackageMtime()) {
    return installed;
  }
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  // -m: stamp the files with the time of extraction, not npm pack's fixed 1985 mtime, so that the
  // freshness check above sees this install as newer than dist/ and the next call does not repack.
  execFileSync('tar', ['-xzmf', join(packDir, filename), '-C', installed, '--strip-components=1']);
  return installed;
}

// Copies examples/<name> to build/consumer/apps/<name> (fresh) and returns the copy's path.
export function copyExampleApp(name) {
  const target = join(consumerRoot, 'apps', name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(repoRoot, 'examples', name), target, {
    recursive: true,
    filter: (source) => !/node_modules|[/\\]dist$|[/\\]\.next$/.test(source),
  });
  return target;
}

export function packedTarball() {
  installPackedPackage();
  const [name] = readdirSync(packDir).filter((file) => file.endsWith('.tgz'));
  return join(packDir, name);
}

// copyExampleApp plus the packed package in the app's own node_modules: the layout
// `npm install marginkit` gives a user. (A package in a parent node_modules lies outside a Vite
// root, whose dev server then refuses its .wasm; and an app's own copy cannot be disturbed by a
// concurrent repack of build/consumer/node_modules.)
export function copyExampleAppWithPackage(name) {
  const packed = installPackedPackage();
  const app = copyExampleApp(name);
  cpSync(packed, join(app, 'node_modules', 'marginkit'), { recursive: true });
  return app;
}
