#pragma once
// What the native benchmarks share: the compiler's name, for their reports.
#include <string>

namespace marginkit::bench {

inline std::string compiler_name() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("gcc ") + __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace marginkit::bench
