#!/usr/bin/env node
// The `marginkit` command (npx marginkit check | preview ...): see `marginkit --help`.
// Exit codes: 0 passes, 1 the --fail-on condition holds or the order is rejected, 2 bad input or usage.
import { main } from './cli/main.mjs';

// A reader that stops early (`| head`) closes the pipe: there is nothing left to say, and no crash.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
