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

function newestMtime(dir) {
  return Math.max(...readdirSync(dir).map((name) => statSync(join(dir, name)).mtimeMs));
}

// Returns the path of the unpacked package; repacks only when dist/ changed since the last pack.
export function installPackedPackage() {
  const installed = join(consumerRoot, 'node_modules', 'marginkit');
  const stamp = join(installed, 'package.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(join(repoRoot, 'dist'))) {
    return installed;
  }
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(packDir, filename), '-C', installed, '--strip-components=1']);
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
