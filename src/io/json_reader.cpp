#include "io/json_reader.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include "common/checks.hpp"
#include "common/decimal_parse.hpp"

namespace marginkit {
namespace {

// The text being parsed, as nlohmann's lexer reads it: its adapter for a range of chars, under a
// type of our own so that the lexer members specialised below are ours alone (a test parsing with
// nlohmann::json::parse keeps the library's).
struct JsonText : nlohmann::detail::iterator_input_adapter<const char*> {
  using iterator_input_adapter::iterator_input_adapter;
};

}  // namespace
}  // namespace marginkit

NLOHMANN_JSON_NAMESPACE_BEGIN
namespace detail {

// Numbers: the same doubles without libc's strtod, which in wasm computes in a software 128-bit
// long double (musl) and cost about 7 KB gzipped. The lexer has checked the token's grammar.
// (g++ notes that the library's declaration says str is not null; so does the lexer's call.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-attributes"
#endif
template <>
void lexer<marginkit::Json, marginkit::JsonText>::strtof(double& f, const char* str, char** endptr) noexcept {
  const char* end = str;
  f = marginkit::parse_decimal(str, &end);
  *endptr = const_cast<char*>(end);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// The last token read, for syntax errors, control characters as <U+001F>: the library's text
// without its snprintf("<U+%.4X>"), which alone brought all of musl's printf into the wasm (about
// 4 KB gzipped).
template <>
std::string lexer<marginkit::Json, marginkit::JsonText>::get_token_string() const {
  std::string result;
  for (const char c : token_string) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x1F) {
      result += "<U+00";
      result += "0123456789ABCDEF"[byte >> 4];
      result += "0123456789ABCDEF"[byte & 0xF];
      result += '>';
    } else {
      result.push_back(c);
    }
  }
  return result;
}

}  // namespace detail
NLOHMANN_JSON_NAMESPACE_END

namespace marginkit {

namespace {

// The DOM builder for nlohmann's SAX parser (what its json_sax_dom_parser does, plus a guard that
// knows where it is): the nesting depth (over the limit stops the parse), a key repeated in one
// object (stops it: the object's own map tells, as the key goes in), and the path of the value
// being read, for the error.
class GuardedDomBuilder {
 public:
  explicit GuardedDomBuilder(Json& result) : root_value_(result) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string& /*text*/) { return put(Json(v)); }
  bool string(std::string& v) { return put(Json(std::move(v))); }
  bool binary(Json::binary_t& v) { return put(Json(std::move(v))); }

  bool start_object(std::size_t /*size*/) { return open(Json::value_t::object, false); }
  bool start_array(std::size_t /*size*/) { return open(Json::value_t::array, true); }
  bool end_object() { frames_.pop_back(); return true; }
  bool end_array() { frames_.pop_back(); return true; }

  bool key(std::string& name) {
    Frame& frame = frames_.back();
    const auto placed = frame.value->get_ref<Json::object_t&>().emplace(std::move(name), nullptr);
    frame.key = &placed.first->first;
    frame.element = &placed.first->second;
    if (!placed.second) {
      problem_ = Status::error(ErrorCode::DUPLICATE, path(), path() + " is given twice in one object");
      return false;
    }
    return true;
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*token*/, const Exception& error) {
    syntax_error_ = "at byte " + std::to_string(position) + ": " + error.what();
    return false;
  }

  const Status& problem() const { return problem_; }
  const std::string& syntax_error() const { return syntax_error_; }
  void set_root(const std::string& root) { root_ = root; }

 private:
  struct Frame {
    Json* value;                 // the open object or array
    bool array;
    std::size_t next_index;      // arrays: the index of the next element
    const std::string* key;      // objects: the key being read (in the object's map), none yet
    Json* element;               // objects: its value
  };

  // Where the value that begins goes; in an array it takes the next index. (An open container is
  // the last element of its parent array or a map node: nothing moves it before it closes.)
  Json& slot() {
    if (frames_.empty()) return root_value_;
    Frame& frame = frames_.back();
    if (!frame.array) return *frame.element;
    ++frame.next_index;
    auto& elements = frame.value->get_ref<Json::array_t&>();
    elements.emplace_back();
    return elements.back();
  }

  bool put(Json&& value) {
    slot() = std::move(value);
    return true;
  }

  bool open(Json::value_t type, bool array) {
    Json& place = slot();
    if (static_cast<int>(frames_.size()) >= kMaxNestingDepth) {
      problem_ = Status::error(ErrorCode::NESTING_TOO_DEEP, path(),
                               path() + " nests deeper than " + std::to_string(kMaxNestingDepth) + " levels");
      return false;
    }
    place = Json(type);
    frames_.push_back(Frame{&place, array, 0, nullptr, nullptr});
    return true;
  }

  // The path of the value being read (for an array, its last element begun).
  std::string path() const {
    std::string text = root_;
    for (const Frame& frame : frames_) {
      if (frame.array) text += "[" + std::to_string(frame.next_index == 0 ? 0 : frame.next_index - 1) + "]";
      else if (frame.key) text += "." + *frame.key;
    }
    return text;
  }

  Json& root_value_;
  std::vector<Frame> frames_;
  Status problem_;
  std::string syntax_error_;
  std::string root_;
};

}  // namespace

Status parse_json_document(const std::string& text, const std::string& path, Json& out,
                           const std::string& inner_path) {
  if (static_cast<double>(text.size()) > kMaxDocumentBytes) {
    return Status::error(ErrorCode::DOCUMENT_TOO_LARGE, path,
                         path + " is " + std::to_string(text.size()) + " bytes of JSON; the limit is " +
                             format_number(kMaxDocumentBytes));
  }
  // The SAX door with the plain DOM builder: json::parse would also compile the callback-filtering
  // builder (and std::vector<bool>), about 4 KB of wasm we never call. (What Json::sax_parse does,
  // on our JsonText.)
  Json result;
  GuardedDomBuilder builder(result);
  builder.set_root(inner_path.empty() ? path : inner_path);
  JsonText input(text.data(), text.data() + text.size());
  if (!nlohmann::detail::parser<Json, JsonText>(std::move(input)).sax_parse(&builder)) {
    if (!builder.problem().ok()) return builder.problem();
    return Status::error(ErrorCode::INVALID_JSON, path,
                         path + " is not valid JSON" +
                             (builder.syntax_error().empty() ? std::string() : " (" + builder.syntax_error() + ")"));
  }
  out = std::move(result);
  return Status::success();
}

const Json* member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

Status invalid_type(const std::string& path, const std::string& expected) {
  return Status::error(ErrorCode::INVALID_TYPE, path, path + " must be " + expected);
}

Status invalid_enum(const std::string& field, const std::string& value, const std::string& choices) {
  return Status::error(ErrorCode::INVALID_ENUM, field,
                       field + " must be one of " + choices + ", got '" + value + "'");
}

Status missing_field(const std::string& field) {
  return Status::error(ErrorCode::MISSING_FIELD, field, field + " is required");
}

Status require_object(const Json& value, const std::string& path) {
  return value.is_object() ? Status::success() : invalid_type(path, "an object");
}

Status require_known_keys(const Json& object, const std::string& path, std::initializer_list<const char*> known) {
  if (auto s = require_object(object, path); !s.ok()) return s;
  for (const auto& item : object.items()) {
    bool listed = false;
    for (const char* key : known) listed = listed || item.key() == key;
    if (!listed) {
      std::string names;
      for (const char* key : known) names += std::string(names.empty() ? "" : ", ") + key;
      const std::string field = path + "." + item.key();
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, field,
                           field + " is not a field here (known: " + names + ")");
    }
  }
  return Status::success();
}

// The field's path is built only for an error: these run for every number and string of every
// document, and a path is an allocation (a 200-position account reads about 600 of them).
Status read_number(const Json& object, const char* key, const std::string& path, double& out, bool required) {
  const Json* value = member(object, key);
  if (!value) return required ? missing_field(path + "." + key) : Status::success();
  if (!value->is_number()) return invalid_type(path + "." + key, "a number");
  out = value->get<double>();
  return std::isfinite(out) ? Status::success() : check_finite(out, path + "." + key);
}

Status read_string(const Json& object, const char* key, const std::string& path, std::string& out, bool required) {
  const Json* value = member(object, key);
  if (!value) return required ? missing_field(path + "." + key) : Status::success();
  if (!value->is_string()) return invalid_type(path + "." + key, "a string");
  out = value->get<std::string>();
  return Status::success();
}

Status read_bool(const Json& object, const char* key, const std::string& path, bool& out) {
  const Json* value = member(object, key);
  if (!value) return Status::success();
  if (!value->is_boolean()) return invalid_type(path + "." + key, "a boolean");
  out = value->get<bool>();
  return Status::success();
}

}  // namespace marginkit
