// One run of the CLI: arguments -> inputs -> engine -> report on stdout; returns the exit code.
// Errors go to stderr as one line, any further problems, and one hint; with --json, stdout gets
// them as a JSON document too.
import { parseArguments } from './arguments.mjs';
import { CliError, errorDocument } from './cli-error.mjs';
import { painter, wantsColour } from './colour.mjs';
import { evaluate } from './evaluate.mjs';
import { helpText, packageVersion } from './help.mjs';
import { loadInputs } from './inputs.mjs';
import { renderReport } from './render-report.mjs';

function unexpected(thrown) {
  if (thrown?.name === 'MarginKitError' && thrown.code === 'WASM_LOAD_FAILED') {
    return new CliError(thrown.code, `marginkit could not load its engine: ${thrown.message}`,
      { hint: 'the package\'s dist/marginkit.wasm is missing or damaged: reinstall marginkit' });
  }
  return new CliError('INTERNAL', `marginkit could not run: ${thrown?.stack ?? thrown}`,
    { hint: 'this is a bug in marginkit: please report it with the command and input files' });
}

export async function main(argv, { stdout, stderr, env }) {
  const json = argv.includes('--json');
  try {
    const args = parseArguments(argv);
    if (args.version) {
      stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (args.help) {
      stdout.write(helpText(args.command));
      return 0;
    }
    const inputs = loadInputs(args.command, args.flags);
    const report = await evaluate(inputs);
    stdout.write(json ? `${JSON.stringify(report, null, 2)}\n`
      : renderReport(report, inputs, painter(wantsColour(stdout, env))));
    return report.decision.exitCode;
  } catch (thrown) {
    // Anything else is a bug (or a .wasm that would not load): still exit 2, "could not check",
    // never 1, which a CI job reads as a verdict on the account.
    const error = thrown instanceof CliError ? thrown : unexpected(thrown);
    const lines = [`error: ${error.message}`, ...error.problems.map((line) => `       ${line}`)];
    if (error.hint) lines.push(`hint: ${error.hint}`);
    stderr.write(`${lines.join('\n')}\n`);
    if (json) stdout.write(`${JSON.stringify({ error: errorDocument(error), exitCode: 2 }, null, 2)}\n`);
    return 2;
  }
}
