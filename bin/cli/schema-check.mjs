// Checks the input documents against the package's JSON Schemas before the engine sees them,
// when the package ships its generated validators (dist/marginkit.schemas.mjs, validate(kind,
// value) -> [] or [{ path, message }]). Without that file the engine's own checks, which name
// the same JSON paths, are the only ones; both report in one format (input-sources.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error.mjs';
import { DOCUMENT_HINTS } from './hints.mjs';
import { describeProblem, locateProblem } from './input-sources.mjs';

const SCHEMAS_MODULE = new URL('../../dist/marginkit.schemas.mjs', import.meta.url);
const PROBLEMS_SHOWN = 5;

// The package's validate(kind, value), or null when this package has none.
export async function loadSchemaValidator(moduleUrl = SCHEMAS_MODULE) {
  if (!existsSync(fileURLToPath(moduleUrl))) return null;
  const { validate } = await import(moduleUrl.href);
  return typeof validate === 'function' ? validate : null;
}

// Throws a CliError for the first document with problems, listing up to five of them.
// `documents` are [kind, value] pairs in the order to check.
export function checkWithSchemas(validate, sources, documents) {
  for (const [kind, value] of documents) {
    const problems = validate(kind, value);
    if (!problems?.length) continue;
    const lines = problems.map((problem) => {
      const located = locateProblem(sources, problem.path ?? '', kind);
      return located
        ? describeProblem(located.source, located.rawPath, problem.message)
        : { text: `${kind}: ${problem.path}: ${problem.message}`, path: problem.path, file: null, kind };
    });
    const [first, ...rest] = lines;
    const more = rest.length > PROBLEMS_SHOWN - 1 ? [`... and ${rest.length - (PROBLEMS_SHOWN - 1)} more`] : [];
    throw new CliError('SCHEMA', first.text, {
      file: first.file,
      path: first.path,
      problems: [...rest.slice(0, PROBLEMS_SHOWN - 1).map((line) => line.text), ...more],
      hint: DOCUMENT_HINTS[first.kind] ?? null,
    });
  }
}
