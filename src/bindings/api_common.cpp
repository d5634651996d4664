// The reply block every export answers in (bindings/convert.hpp); error codes, by number and name,
// for web/src/errors.mjs; the input limits the JS door checks before it stringifies (the same
// numbers the C++ parser enforces).
#include <cstring>
#include <iterator>
#include <string>

#include "bindings/convert.hpp"
#include "common/checks.hpp"
#include "common/error_code.hpp"
#include "margin/account_risk.hpp"
#include "preview/preview_types.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit::bindings {

Reply& reply() {
  static Reply the_reply;
  return the_reply;
}

Reply& begin_reply() {
  Reply& r = reply();
  std::string().swap(r.json);
  std::string().swap(r.field);
  std::string().swap(r.message);
  r.view = ReplyView{};
  return r;
}

std::int32_t finish(const Status& status) {
  Reply& r = reply();
  if (!status.ok()) {
    r.field = status.field;
    r.message = status.message;
  }
  auto address = [](const std::string& s) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(s.data())); };
  r.view.json = address(r.json);
  r.view.json_length = static_cast<std::uint32_t>(r.json.size());
  r.view.field = address(r.field);
  r.view.field_length = static_cast<std::uint32_t>(r.field.size());
  r.view.message = address(r.message);
  r.view.message_length = static_cast<std::uint32_t>(r.message.size());
  return static_cast<std::int32_t>(status.code);
}

namespace {

// A text answer (the name lists below) in the reply's JSON.
std::int32_t answer_text(std::string text) {
  begin_reply().json = std::move(text);
  return finish(Status::success());
}

}  // namespace
}  // namespace marginkit::bindings

using namespace marginkit::bindings;

// The reply block's address, once (web/src/exports.mjs).
MARGINKIT_EXPORT ReplyView* replyView() { return &reply().view; }

MARGINKIT_EXPORT std::int32_t errorCodeName(int code) {
  if (code < 0 || static_cast<std::size_t>(code) >= marginkit::kErrorCodeCount) return answer_text("INTERNAL");
  return answer_text(std::string(marginkit::kErrorCodeNames[code]));
}

MARGINKIT_EXPORT int errorCodeCount() { return static_cast<int>(marginkit::kErrorCodeCount); }

// The other name lists of the contract, from their one place in C++: statuses, preview warning
// codes and reject reasons, as JSON arrays (web/src/create.mjs exposes them).
MARGINKIT_EXPORT std::int32_t names() {
  auto list = [](auto begin, auto end, auto name) {
    std::string text = "[";
    for (auto it = begin; it != end; ++it) text += std::string(text.size() > 1 ? "," : "") + "\"" + name(*it) + "\"";
    return text + "]";
  };
  auto same = [](const char* n) { return n; };
  auto reason = [](marginkit::PreviewWarningCode c) { return marginkit::to_string(c); };
  return answer_text(std::string("{\"statuses\":") + list(std::begin(marginkit::kMarginStatusNames), std::end(marginkit::kMarginStatusNames), same) +
                     ",\"warningCodes\":" + list(std::begin(marginkit::kPreviewWarningNames), std::end(marginkit::kPreviewWarningNames), same) +
                     ",\"rejectReasons\":" + list(std::begin(marginkit::kRejectReasons), std::end(marginkit::kRejectReasons), reason) + "}");
}

namespace {

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

}  // namespace

MARGINKIT_EXPORT std::int32_t enumValues() {
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
  return answer_text(text + "}}");
}

MARGINKIT_EXPORT int maxNestingDepth() { return marginkit::kMaxNestingDepth; }
MARGINKIT_EXPORT double maxDocumentBytes() { return marginkit::kMaxDocumentBytes; }
