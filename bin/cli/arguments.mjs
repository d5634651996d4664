// argv -> what to do. Strict: an unknown flag, a flag given twice, a missing value or a stray
// argument is a usage error (exit 2), never skipped.
import { CliError } from './cli-error.mjs';
import { helpHint } from './hints.mjs';

export const COMMANDS = ['check', 'preview'];
export const MODES = ['cross', 'isolated', 'portfolio'];
export const FAIL_ON_LEVELS = ['warning', 'margin_call', 'liquidation'];

// name -> { value: what it takes (absent for switches), choices?, repeat? }
const FLAGS = {
  '--account': { value: 'FILE' },
  '--market': { value: 'FILE' },
  '--order': { value: 'FILE' },
  '--mode': { value: 'MODE', choices: MODES },
  '--profile': { value: 'NAME' },
  '--portfolio-model': { value: 'NAME' },
  '--stress': { value: 'MOVE', repeat: true },
  '--fail-on': { value: 'LEVEL', choices: FAIL_ON_LEVELS },
  '--json': {},
  '--sample': {},
  '--help': {},
};
const ALIASES = { '-h': '--help' };

function usage(code, message, command) {
  return new CliError(code, message, { hint: helpHint(command) });
}

// Edit distance, to suggest the flag meant by a typo.
function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unknownFlag(name, command) {
  const [nearest] = Object.keys(FLAGS).sort((x, y) => distance(name, x) - distance(name, y));
  const guess = distance(name, nearest) <= 2 ? ` (did you mean ${nearest}?)` : '';
  return usage('UNKNOWN_FLAG', `unknown flag ${name}${guess}`, command);
}

// { command, help, version, flags: { account, market, ..., stress: [], json, sample } }
export function parseArguments(argv) {
  const [first, ...rest] = argv;
  if (first === undefined) throw usage('MISSING_COMMAND', 'no command given: marginkit check or marginkit preview');
  if (first === '--version') return { version: true };
  if (first === '--help' || first === '-h') return { help: true, command: null };
  if (first === 'help') {
    if (rest.length && !COMMANDS.includes(rest[0])) throw usage('UNKNOWN_COMMAND', `no command "${rest[0]}"`);
    return { help: true, command: rest[0] ?? null };
  }
  if (!COMMANDS.includes(first)) {
    const what = first.startsWith('-') ? `${first} before a command` : `unknown command "${first}"`;
    throw usage('UNKNOWN_COMMAND', `${what}: the commands are check and preview`);
  }
  const command = first;
  // --help wins over any other problem: a user asking for help gets it.
  if (rest.some((arg) => arg === '--help' || arg === '-h')) return { help: true, command };

  const flags = { stress: [] };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (!arg.startsWith('-')) throw usage('UNEXPECTED_ARGUMENT', `unexpected argument "${arg}" (flags take their value after them: --account FILE)`, command);
    const equals = arg.indexOf('=');
    const written = equals >= 0 ? arg.slice(0, equals) : arg;
    const name = ALIASES[written] ?? written;
    const spec = FLAGS[name];
    if (!spec) throw unknownFlag(written, command);
    const key = name.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!spec.value) {
      if (equals >= 0) throw usage('UNEXPECTED_VALUE', `${name} takes no value, got "${arg.slice(equals + 1)}"`, command);
      if (flags[key]) throw usage('REPEATED_FLAG', `${name} is given twice`, command);
      flags[key] = true;
      continue;
    }
    let value;
    if (equals >= 0) value = arg.slice(equals + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw usage('MISSING_VALUE', `${name} needs a ${spec.value}${value === undefined ? '' : `, got the flag ${value}`}`, command);
      }
      i += 1;
    }
    if (value === '') throw usage('MISSING_VALUE', `${name} needs a ${spec.value}, got an empty value`, command);
    if (spec.choices && !spec.choices.includes(value)) {
      throw usage('INVALID_VALUE', `${name} must be one of ${spec.choices.join(', ')}, got "${value}"`, command);
    }
    if (spec.repeat) flags[key].push(value);
    else if (flags[key] !== undefined) throw usage('REPEATED_FLAG', `${name} is given twice`, command);
    else flags[key] = value;
  }

  const required = command === 'preview' ? ['account', 'market', 'order'] : ['account', 'market'];
  const missing = flags.sample ? [] : required.filter((key) => flags[key] === undefined);
  if (missing.length) {
    throw new CliError('MISSING_FLAG', `${command}: ${missing.map((key) => `--${key}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required`,
      { hint: `give ${missing.map((key) => `--${key} FILE`).join(' ')}, or --sample to run on the sample shipped with the package` });
  }
  return { command, flags };
}
