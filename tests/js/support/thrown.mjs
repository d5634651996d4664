// The error a call throws; a call that returns instead fails the test, with what it returned.
import assert from 'node:assert/strict';

export function thrownBy(fn) {
  let result;
  try {
    result = fn();
  } catch (error) {
    return error;
  }
  return assert.fail(`expected a MarginKitError, but the call returned a result: ${JSON.stringify(result)?.slice(0, 300)}`);
}
