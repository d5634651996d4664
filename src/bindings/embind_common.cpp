// Error codes, by number and name, for web/src/errors.mjs; the input limits the JS door checks
// before it stringifies (the same numbers the C++ parser enforces).
#include <emscripten/bind.h>

#include <string>

#include "common/checks.hpp"
#include "common/error_code.hpp"

namespace {

std::string error_code_name(int code) {
  if (code < 0 || static_cast<std::size_t>(code) >= marginkit::kErrorCodeCount) return "INTERNAL";
  return std::string(marginkit::kErrorCodeNames[code]);
}

int error_code_count() { return static_cast<int>(marginkit::kErrorCodeCount); }

int max_nesting_depth() { return marginkit::kMaxNestingDepth; }
double max_document_bytes() { return marginkit::kMaxDocumentBytes; }

}  // namespace

EMSCRIPTEN_BINDINGS(marginkit_common) {
  emscripten::function("_errorCodeName", &error_code_name);
  emscripten::function("_errorCodeCount", &error_code_count);
  emscripten::function("_maxNestingDepth", &max_nesting_depth);
  emscripten::function("_maxDocumentBytes", &max_document_bytes);
}
