#pragma once
// Strict reading of JSON documents: the generic part of src/io/json_input.cpp. Text is parsed
// without recursion (nlohmann's SAX parser keeps its own stack) under two documented limits,
// kMaxNestingDepth and kMaxDocumentBytes (common/checks.hpp); a key given twice in one object is
// DUPLICATE rather than "the last one wins". Every object is read against the list of keys it
// may hold, so a misspelt key is UNSUPPORTED_FIELD with its JSON path, never ignored.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.hpp"

namespace marginkit {

using Json = nlohmann::json;

// `text` -> `out`; errors about the whole text name `path` (the document: "account", "market",
// ...), others the path inside it where the problem sits ("market.underlyings.BTC.vol.smile[3]"),
// starting from `inner_path` (default: `path`; one order object is "orders[0]" inside).
Status parse_json_document(const std::string& text, const std::string& path, Json& out,
                           const std::string& inner_path = std::string());

// The member `key` of an object, or nullptr when it is absent or null (null means "not given").
const Json* member(const Json& object, const char* key);

// `value` must be an object holding only `known` keys.
Status require_object(const Json& value, const std::string& path);
Status require_known_keys(const Json& object, const std::string& path, std::initializer_list<const char*> known);

Status invalid_type(const std::string& path, const std::string& expected);
Status invalid_enum(const std::string& field, const std::string& value, const std::string& choices);
Status missing_field(const std::string& field);

// Optional (or required) members of an object; a present number must be finite.
Status read_number(const Json& object, const char* key, const std::string& path, double& out, bool required);
Status read_string(const Json& object, const char* key, const std::string& path, std::string& out, bool required);
// An optional boolean member: `out` keeps its value when the member is absent or null.
Status read_bool(const Json& object, const char* key, const std::string& path, bool& out);

}  // namespace marginkit
