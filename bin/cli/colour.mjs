// Colour only for a person at a terminal: stdout a TTY, NO_COLOR unset or empty
// (https://no-color.org), and a terminal that is not 'dumb'. Pipes and CI logs get plain text.

export function wantsColour(stream, env) {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 };

export function painter(enabled) {
  const paint = (style, text) => (enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  return {
    paint,
    // A status in words, coloured by how bad it is.
    status(status) {
      const style = { healthy: 'green', warning: 'yellow', margin_call: 'red', liquidation: 'red' }[status];
      return paint(style, status.replace('_', ' '));
    },
  };
}

// The width of text as shown: colour codes take no room.
export function visibleLength(text) {
  return text.replace(/\u001b\[\d+m/g, '').length;
}
