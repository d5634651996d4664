// The one error class of the package. `code` is stable (see ErrorCode in marginkit.d.ts and
// src/common/error_code.hpp), `field` names the offending input, `index` the batch row.
export class MarginKitError extends Error {
  constructor(code, field, message, index) {
    super(message);
    this.name = 'MarginKitError';
    this.code = code;
    this.field = field;
    if (index !== undefined) this.index = index;
  }
}

export function fail(code, field, message, index) {
  throw new MarginKitError(code, field, message, index);
}
