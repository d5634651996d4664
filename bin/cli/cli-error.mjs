// The one error the CLI reports itself (exit 2): bad usage or bad input. `message` is one line
// naming the file, the JSON path and what was expected; `hint` one line on how to put it right;
// `problems`, when a checker found several, further lines in the message's format.
export class CliError extends Error {
  constructor(code, message, { file = null, path = null, line = null, column = null, hint = null, problems = [] } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.file = file;
    this.path = path;
    this.line = line;
    this.column = column;
    this.hint = hint;
    this.problems = problems;
  }
}

// What --json prints on stdout for an error: the same facts as the text on stderr.
export function errorDocument(error) {
  return {
    code: error.code,
    message: error.message,
    file: error.file,
    path: error.path,
    line: error.line,
    column: error.column,
    problems: error.problems,
    hint: error.hint,
  };
}
