#pragma once
// Numbers as text, without printf: musl's printf formats through a software long double in wasm,
// which is slow and adds about 3 KB gzipped to the module. Both give the shortest digits that
// read back as the same double (Grisu2, from nlohmann/json).
#include <string>

namespace marginkit {

// For messages: "-1", "0.65", "1e+20"; "nan", "inf", "-inf" for the non-finite.
std::string format_number(double value);

// For messages a person reads: `value` rounded to `significant` significant digits and at most
// `decimals` decimals, whichever keeps fewer, in plain decimal digits: (4303.123456789, 6, 2)
// "4303.12"; (101234.56789, 6, 2) "101235"; (0.000123456, 3, 99) "0.000123"; (-0.001, 6, 2) "0"
// (never "-0"). Rounded on the shortest digits (half away from zero), not on the binary value, so
// that 0.125 reads "0.13". "nan", "inf", "-inf" as format_number.
std::string format_rounded(double value, int significant, int decimals = 99);

// Plain decimal digits, never an exponent: "0.00001", "12345678901", "101234.56789". For finite
// values; instrument names carry strikes this way.
std::string plain_decimal(double value);

}  // namespace marginkit
