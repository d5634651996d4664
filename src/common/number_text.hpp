#pragma once
// Numbers as text, without printf: musl's printf formats through a software long double in wasm,
// which is slow and adds about 3 KB gzipped to the module. Both give the shortest digits that
// read back as the same double (Grisu2, from nlohmann/json).
#include <string>

namespace marginkit {

// For messages: "-1", "0.65", "1e+20"; "nan", "inf", "-inf" for the non-finite.
std::string format_number(double value);

// Plain decimal digits, never an exponent: "0.00001", "12345678901", "101234.56789". For finite
// values; instrument names carry strikes this way.
std::string plain_decimal(double value);

}  // namespace marginkit
