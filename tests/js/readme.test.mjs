// Every code block in README.md runs, against the packed tarball installed into an empty project
// (npm install of the tarball, as a user's `npm install marginkit` does), so that what the README
// shows an npm user works as shown. By the block's language:
//   js / mjs    an ES module, run with node in the project: it must exit 0 and print no error;
//   cjs         the same as CommonJS;
//   html        a page served from the project root, opened in headless Chromium: it must fill
//               #out and log no error (no failed request);
//   sh          each command run in the project with bash; `npm install marginkit` is the install
//               this test did; a line ending in "# exits N" must exit N, others 0. The files the
//               command-line examples name (account.json, market.json, order.json) are the
//               package's sample, written into the project first;
//   sh repository   commands for contributors, run in a clone of the repository (npm start, npm
//               test, ...): checked to name package.json scripts, files that exist or programs
//               under build/ that the block's earlier commands build, not run here;
//   json        must parse.
// Any other kind of block fails: a README block nobody runs goes stale.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from './support/chromium.mjs';
import { packedTarball, repoRoot } from './support/consumer.mjs';
import { codeBlocks, shellCommands } from './support/markdown-blocks.mjs';
import { startStaticServer } from './support/static-server.mjs';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = codeBlocks(readme);
const project = join(repoRoot, 'build', 'readme-project');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

function runNode(file) {
  return spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 120000 });
}

before(() => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'readme-project', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packedTarball()],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));
  for (const name of ['account', 'market', 'order']) {
    writeFileSync(join(project, `${name}.json`), `${JSON.stringify(sample[name], null, 2)}\n`);
  }
});

describe('README.md code blocks', () => {
  let browser;
  let server;
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has blocks, each of a kind this test runs', () => {
    assert.ok(blocks.length >= 5, 'README.md shows code');
    for (const block of blocks) {
      const kind = `${block.lang} ${block.info}`.trim();
      assert.ok(['js', 'mjs', 'cjs', 'html', 'sh', 'sh repository', 'json'].includes(kind),
        `README.md line ${block.line}: a \`\`\`${kind} block: give it a kind this test runs`);
    }
  });

  for (const block of blocks) {
    const where = `line ${block.line} (${block.lang}${block.info ? ` ${block.info}` : ''})`;
    if (block.lang === 'js' || block.lang === 'mjs' || block.lang === 'cjs') {
      it(`${where} runs with node against the installed package`, () => {
        const file = join(project, `block-${block.line}.${block.lang === 'cjs' ? 'cjs' : 'mjs'}`);
        writeFileSync(file, block.code);
        const run = runNode(file);
        assert.equal(run.status, 0, `exit ${run.status}\n${run.stderr}`);
        assert.equal(run.stderr, '', 'no error output');
      });
    } else if (block.lang === 'json') {
      it(`${where} parses`, () => {
        JSON.parse(block.code);
      });
    } else if (block.lang === 'html') {
      it(`${where} runs in Chromium against the installed package`, { timeout: 120000 }, async () => {
        writeFileSync(join(project, `block-${block.line}.html`), block.code);
        server ??= await startStaticServer({ mounts: { '/': project } });
        browser ??= await launchChromium();
        const page = await browser.newPage();
        const problems = [];
        // A failed response is reported once, with its URL (the console's copy has none); the
        // browser's own favicon request is not the page's.
        page.on('console', (m) => {
          if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
        page.on('response', (r) => {
          if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.url()} HTTP ${r.status()}`);
        });
        try {
          await page.goto(`${server.origin}/block-${block.line}.html`);
          await page.waitForFunction(() => document.querySelector('#out')?.textContent.trim(), null, { timeout: 60000 });
          assert.deepEqual(problems, []);
        } finally {
          await page.close();
        }
      });
    } else if (block.lang === 'sh' && block.info === 'repository') {
      it(`${where} names scripts and files the repository has`, () => {
        for (const { command } of shellCommands(block.code)) {
          const npmScript = /^npm (?:run )?(\S+)/.exec(command);
          const nodeScript = /^(?:node|bash) (\S+)/.exec(command);
          if (npmScript) {
            assert.ok(packageJson.scripts[npmScript[1]], `${command}: package.json has no script ${npmScript[1]}`);
          } else if (nodeScript) {
            assert.ok(existsSync(join(repoRoot, nodeScript[1])), `${command}: no file ${nodeScript[1]}`);
          } else if (command.startsWith('build/')) {
            // A program an earlier command of the block builds (build/ is not in git).
          } else {
            assert.fail(`${command}: not an npm script or a script of the repository`);
          }
        }
      });
    } else if (block.lang === 'sh') {
      it(`${where} runs in the project`, () => {
        for (const { command, exitCode } of shellCommands(block.code)) {
          if (/^npm (?:install|i) marginkit\b/.test(command)) continue;  // done above, from the tarball
          const run = spawnSync('bash', ['-c', command], { cwd: project, encoding: 'utf8', timeout: 120000 });
          assert.equal(run.status, exitCode, `${command}: exit ${run.status}, README says ${exitCode}\n${run.stdout}\n${run.stderr}`);
        }
      });
    }
  }
});
