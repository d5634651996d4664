#pragma once
// Decimal text to double without libc's strtod: in wasm, musl's strtod computes in a software
// 128-bit long double and costs about 7 KB of the gzipped module. The result is the same, the
// double nearest the exact decimal value (ties to even), as every correctly rounded strtod gives.

namespace marginkit {

// Reads [-+]digits[.digits][(e|E)[-+]digits] (digits may also stand on one side of the point only,
// as "5." or ".5") from the start of `text`: no leading spaces, "inf", "nan" or hexadecimal. Sets
// `*end` (when `end` is not null) one past the last character read; when `text` does not start
// with a number, returns 0 and sets `*end` to `text`, as strtod does. Out of range: +-inf above
// the largest double, +-0 or a subnormal below the smallest normal (errno is not touched).
double parse_decimal(const char* text, const char** end);

}  // namespace marginkit
