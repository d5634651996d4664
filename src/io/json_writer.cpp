#include "io/json_writer.hpp"

#include <algorithm>

#include <nlohmann/detail/conversions/to_chars.hpp>

namespace marginkit {

// A first block of 4 KB (a small account's answer fits); a larger answer doubles it as it grows
// (a 200-position preview's ~200 KB: six copies).
JsonWriter::JsonWriter() {
  text_.resize(4096);
  at_ = text_.data();
  end_ = at_ + text_.size();
}

void JsonWriter::grow(std::size_t n) {
  const std::size_t used = size();
  text_.resize(std::max(2 * text_.size(), used + n));
  at_ = text_.data() + used;
  end_ = text_.data() + text_.size();
}

std::string JsonWriter::take() {
  text_.resize(size());
  std::string out = std::move(text_);
  text_.clear();
  at_ = end_ = text_.data();
  first_ = true;
  return out;
}

JsonWriter& JsonWriter::begin_object() { separate(); put('{'); first_ = true; return *this; }
JsonWriter& JsonWriter::end_object() { put('}'); first_ = false; return *this; }
JsonWriter& JsonWriter::begin_array() { separate(); put('['); first_ = true; return *this; }
JsonWriter& JsonWriter::end_array() { put(']'); first_ = false; return *this; }

JsonWriter& JsonWriter::key(std::string_view name) {
  last_key_ = name;
  separate();
  write_string(name);
  put(':');
  first_ = true;  // the value that follows needs no comma
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  separate();
  if (!std::isfinite(number)) {
    if (non_finite_key_.empty()) non_finite_key_ = last_key_.empty() ? "(value)" : std::string(last_key_);
    put("null");
    return *this;
  }
  if (number == 0.0) number = 0.0;  // no -0 out: it reads as a sign a UI would show
  // Shortest round-trip digits (Grisu2, nlohmann/json's serializer; this libc++ has no
  // std::to_chars for double). Not printf: musl's printf formats through a software long
  // double in wasm and made writing a preview several times slower than computing it.
  char* start = room(32);  // Grisu2 writes at most 24 characters
  at_ = nlohmann::detail::to_chars(start, start + 32, number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) { separate(); put(flag ? std::string_view("true") : std::string_view("false")); return *this; }
JsonWriter& JsonWriter::value(std::string_view text) { separate(); write_string(text); return *this; }
JsonWriter& JsonWriter::null() { separate(); put("null"); return *this; }

void JsonWriter::write_string(std::string_view s) {
  bool plain = true;  // the common case: nothing to escape, quoted in one go
  for (char c : s) plain = plain && c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
  if (plain) {
    char* at = room(s.size() + 2);
    at[0] = '"';
    if (!s.empty()) std::memcpy(at + 1, s.data(), s.size());  // an empty view's data() may be null
    at[s.size() + 1] = '"';
    at_ = at + s.size() + 2;
    return;
  }
  put('"');
  for (char c : s) {
    // One put per character: the escape, or the character itself.
    char escaped[6] = {'\\', c, 0, 0, 0, 0};
    std::size_t length = 2;
    switch (c) {
      case '"': case '\\': break;
      case '\n': escaped[1] = 'n'; break;
      case '\r': escaped[1] = 'r'; break;
      case '\t': escaped[1] = 't'; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          escaped[1] = 'u';
          escaped[2] = '0';
          escaped[3] = '0';
          escaped[4] = kHex[(c >> 4) & 0xf];
          escaped[5] = kHex[c & 0xf];
          length = 6;
        } else {
          escaped[0] = c;
          length = 1;
        }
    }
    put(escaped, length);
  }
  put('"');
}

}  // namespace marginkit
