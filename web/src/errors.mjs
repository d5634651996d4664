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

// Anything else thrown inside the API (a bug of ours, a wasm trap, a JS engine limit) still
// reaches the caller as a MarginKitError: callers catch one class.
export function asMarginKitError(error) {
  if (error instanceof MarginKitError) return error;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const wrapped = new MarginKitError('INTERNAL', '', `marginkit failed unexpectedly (${what}); please report it with the inputs`);
  wrapped.cause = error;
  return wrapped;
}

// `fn` with every throw turned into a MarginKitError.
export function guard(fn) {
  return function guarded(...args) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      throw asMarginKitError(error);
    }
  };
}
