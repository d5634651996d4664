// Reads one JSON document from a file, refusing what JSON.parse would get wrong silently or
// report vaguely: unreadable files, malformed text (reported at line:column), and a key given
// twice in one object (JSON.parse keeps the last one without a word).
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.mjs';
import { formatPath } from './json-path.mjs';

const READ_FAILURES = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

// Line and column (both from 1) of a character offset.
export function lineColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function readText(name, hint) {
  try {
    return readFileSync(name, 'utf8');
  } catch (error) {
    const reason = READ_FAILURES[error.code] ?? error.message;
    throw new CliError('UNREADABLE_FILE', `${name}: cannot read the file: ${reason}`,
      { file: name, hint: `the path is taken from the current directory (${process.cwd()}); ${hint}` });
  }
}

// V8 words its JSON.parse errors differently across node versions; what is common is an offset
// ("at position 12") or, in newer versions, "(line 3 column 4)".
function parseFailure(text, error) {
  const reason = error.message
    .replace(/^SyntaxError:\s*/, '')
    .replace(/,?\s*"[^"]*"\s+is not valid JSON$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s+in JSON at position \d+/, '')
    .replace(/^Unexpected end of JSON input$/, 'the text ends before the document does');
  const lineMatch = /\(line (\d+) column (\d+)\)/.exec(error.message);
  if (lineMatch) return { reason, line: Number(lineMatch[1]), column: Number(lineMatch[2]) };
  const positionMatch = /at position (\d+)/.exec(error.message);
  const offset = positionMatch ? Number(positionMatch[1]) : text.length;
  return { reason, ...lineColumn(text, offset) };
}

// The end (one past the closing quote) of the JSON string starting at `start`.
function stringEnd(text, start) {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

// The first key given twice in one object of valid JSON text, with its path and place, or null.
export function findDuplicateKey(text) {
  const frames = []; // { keys: Set, key, expectKey } for objects, { index } for arrays
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const frame = frames.at(-1);
      if (frame?.keys && frame.expectKey) {
        const key = JSON.parse(text.slice(i, end));
        if (frame.keys.has(key)) {
          const parents = frames.slice(0, -1).map((f) => (f.keys ? f.key : f.index));
          return { key, parentPath: parents, ...lineColumn(text, i) };
        }
        frame.keys.add(key);
        frame.key = key;
        frame.expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === '{') frames.push({ keys: new Set(), key: null, expectKey: true });
    else if (c === '[') frames.push({ index: 0 });
    else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') {
      const frame = frames.at(-1);
      if (frame.keys) frame.expectKey = true;
      else frame.index += 1;
    }
    i += 1;
  }
  return null;
}

// Reads `name` and returns its document. `root(document)` names the document in paths
// ('account'; an order file holds 'order' or 'orders'); `hint` says what the file should hold.
export function readJsonFile(name, { root, hint }) {
  let text = readText(name, hint);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark some editors write
  if (text.trim() === '') {
    throw new CliError('INVALID_JSON', `${name}: the file is empty`, { file: name, hint });
  }
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const { reason, line, column } = parseFailure(text, error);
    throw new CliError('INVALID_JSON', `${name}:${line}:${column}: invalid JSON: ${reason}`,
      { file: name, line, column, hint });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    const rootName = root(document);
    const where = formatPath([rootName, ...duplicate.parentPath]);
    throw new CliError('DUPLICATE_KEY',
      `${name}:${duplicate.line}:${duplicate.column}: ${where}: the key ${JSON.stringify(duplicate.key)} is given twice `
      + '(which one counts would be a guess)', { file: name, path: formatPath([rootName, ...duplicate.parentPath, duplicate.key]), hint });
  }
  // A root "$schema" names the file's JSON Schema for editors (marginkit/schemas/*): not data,
  // and the engine, which takes no such key, never sees it.
  if (document !== null && typeof document === 'object' && !Array.isArray(document) && '$schema' in document) {
    const data = { ...document };
    delete data.$schema;
    return data;
  }
  return document;
}
