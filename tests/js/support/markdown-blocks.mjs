// The fenced code blocks of a Markdown file, in order: { lang, info, code, line } (line: the
// opening fence's, 1-based), for tests that run what a README shows.
export function codeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, fence, lang, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith(fence); j += 1) body.push(lines[j]);
    if (j === lines.length) throw new Error(`line ${i + 1}: a code block that is never closed`);
    blocks.push({ lang, info: info.trim(), code: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return blocks;
}

// A shell block's commands: one per line (a trailing backslash continues it), comments and blank
// lines dropped. "# exits N" at the end of a line is the exit status the README promises.
export function shellCommands(code) {
  const joined = code.replace(/\\\n\s*/g, ' ');
  return joined.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => {
    const exits = /#.*\bexits (\d+)\s*$/.exec(line);
    const command = line.replace(/\s+#.*$/, '').trim();
    return { command, exitCode: exits ? Number(exits[1]) : 0 };
  });
}
