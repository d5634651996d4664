// Error codes, by number and name, for web/src/errors.mjs; the input limits the JS door checks
// before it stringifies (the same numbers the C++ parser enforces).
#include <emscripten/bind.h>

#include <cstring>
#include <iterator>
#include <string>

#include "common/checks.hpp"
#include "common/error_code.hpp"
#include "margin/account_risk.hpp"
#include "preview/preview_types.hpp"
#include "pricing/option_spec.hpp"

namespace {

std::string error_code_name(int code) {
  if (code < 0 || static_cast<std::size_t>(code) >= marginkit::kErrorCodeCount) return "INTERNAL";
  return std::string(marginkit::kErrorCodeNames[code]);
}

int error_code_count() { return static_cast<int>(marginkit::kErrorCodeCount); }

// The other name lists of the contract, from their one place in C++: statuses, preview warning
// codes and reject reasons, as JSON arrays (web/src/create.mjs exposes them).
std::string names_json() {
  auto list = [](auto begin, auto end, auto name) {
    std::string text = "[";
    for (auto it = begin; it != end; ++it) text += std::string(text.size() > 1 ? "," : "") + "\"" + name(*it) + "\"";
    return text + "]";
  };
  auto same = [](const char* n) { return n; };
  auto reason = [](marginkit::PreviewWarningCode c) { return marginkit::to_string(c); };
  return std::string("{\"statuses\":") + list(std::begin(marginkit::kMarginStatusNames), std::end(marginkit::kMarginStatusNames), same) +
         ",\"warningCodes\":" + list(std::begin(marginkit::kPreviewWarningNames), std::end(marginkit::kPreviewWarningNames), same) +
         ",\"rejectReasons\":" + list(std::begin(marginkit::kRejectReasons), std::end(marginkit::kRejectReasons), reason) + "}";
}

// The integers of the pricing enums, by the names the API takes for them: web/src/validate.mjs
// passes its own copies of these integers to _price, _impliedVol and _priceBatch, and
// tests/js/names.test.mjs holds those copies against this (nothing else calls it). JSON:
// { "optionTypes": { "call": 1, "put": -1 }, "models": { ... }, ... }.
struct EnumValue {
  const char* group;  // the validate.mjs map, as a camelCase key
  const char* name;
  int value;
};
constexpr EnumValue kEnumValues[] = {
    {"optionTypes", "call", static_cast<int>(marginkit::OptionType::call)},
    {"optionTypes", "put", static_cast<int>(marginkit::OptionType::put)},
    {"models", "bsm", static_cast<int>(marginkit::PricingModel::bsm)},
    {"models", "black76", static_cast<int>(marginkit::PricingModel::black76)},
    {"settlements", "linear", static_cast<int>(marginkit::Settlement::linear)},
    {"settlements", "inverse", static_cast<int>(marginkit::Settlement::inverse)},
    {"greekUnits", "annual", static_cast<int>(marginkit::GreekUnits::annual)},
    {"greekUnits", "trader", static_cast<int>(marginkit::GreekUnits::trader)},
};

std::string enum_values_json() {
  std::string text = "{";
  const char* group = nullptr;
  for (const EnumValue& e : kEnumValues) {  // a group's entries are together
    const bool first = !group || std::strcmp(group, e.group) != 0;
    if (first && group) text += "},";
    if (first) {
      text += '"';
      text += e.group;
      text += "\":{";
    } else {
      text += ',';
    }
    group = e.group;
    text += '"';
    text += e.name;
    text += "\":";
    text += std::to_string(e.value);
  }
  return text + "}}";
}

int max_nesting_depth() { return marginkit::kMaxNestingDepth; }
double max_document_bytes() { return marginkit::kMaxDocumentBytes; }

}  // namespace

EMSCRIPTEN_BINDINGS(marginkit_common) {
  emscripten::function("_errorCodeName", &error_code_name);
  emscripten::function("_errorCodeCount", &error_code_count);
  emscripten::function("_maxNestingDepth", &max_nesting_depth);
  emscripten::function("_names", &names_json);
  emscripten::function("_enumValues", &enum_values_json);
  emscripten::function("_maxDocumentBytes", &max_document_bytes);
}
