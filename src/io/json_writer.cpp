#include "io/json_writer.hpp"

#include <nlohmann/detail/conversions/to_chars.hpp>

namespace marginkit {

// A start large enough for most results (a 200-position preview is ~200 KB): growing a string by
// doubling copies it about log2(size / 15) times.
JsonWriter::JsonWriter() { text_.reserve(4096); }

JsonWriter& JsonWriter::begin_object() { separate(); text_ += '{'; first_ = true; return *this; }
JsonWriter& JsonWriter::end_object() { text_ += '}'; first_ = false; return *this; }
JsonWriter& JsonWriter::begin_array() { separate(); text_ += '['; first_ = true; return *this; }
JsonWriter& JsonWriter::end_array() { text_ += ']'; first_ = false; return *this; }

JsonWriter& JsonWriter::key(std::string_view name) {
  last_key_ = name;
  separate();
  write_string(name);
  text_ += ':';
  first_ = true;  // the value that follows needs no comma
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  separate();
  if (!std::isfinite(number)) {
    if (non_finite_key_.empty()) non_finite_key_ = last_key_.empty() ? "(value)" : std::string(last_key_);
    text_ += "null";
    return *this;
  }
  if (number == 0.0) number = 0.0;  // no -0 out: it reads as a sign a UI would show
  // Shortest round-trip digits (Grisu2, nlohmann/json's serializer; this libc++ has no
  // std::to_chars for double). Not printf: musl's printf formats through a software long
  // double in wasm and made writing a preview several times slower than computing it.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, number);
  text_.append(buffer, static_cast<std::size_t>(end - buffer));
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) { separate(); text_ += flag ? "true" : "false"; return *this; }
JsonWriter& JsonWriter::value(std::string_view text) { separate(); write_string(text); return *this; }
JsonWriter& JsonWriter::null() { separate(); text_ += "null"; return *this; }

void JsonWriter::write_string(std::string_view s) {
  text_ += '"';
  bool plain = true;  // the common case: nothing to escape, append in one go
  for (char c : s) plain = plain && c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
  if (plain) {
    text_.append(s.data(), s.size());
    text_ += '"';
    return;
  }
  for (char c : s) {
    switch (c) {
      case '"': text_ += "\\\""; break;
      case '\\': text_ += "\\\\"; break;
      case '\n': text_ += "\\n"; break;
      case '\r': text_ += "\\r"; break;
      case '\t': text_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          text_ += "\\u00";
          text_ += kHex[(c >> 4) & 0xf];
          text_ += kHex[c & 0xf];
        } else {
          text_ += c;
        }
    }
  }
  text_ += '"';
}

}  // namespace marginkit
