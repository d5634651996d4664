#pragma once
// A minimal streaming JSON writer for our result shapes. Writing JSON is a few lines of string
// building; nlohmann::json's DOM and serializer cost about 10 KB gzipped of wasm for it.
// JSON has no NaN or Infinity. A non-finite number where a number belongs is a bug upstream: the
// writer writes null and remembers the first such key (non_finite_key()), so that the caller
// withholds the result (NON_FINITE_RESULT) instead of handing out a null beside a status. Only
// value_or_null() writes null on purpose, for +Infinity (a ratio to zero equity).
#include <cmath>
#include <cstdio>
#include <nlohmann/detail/conversions/to_chars.hpp>
#include <string>
#include <string_view>

namespace marginkit {

class JsonWriter {
 public:
  JsonWriter& begin_object() { separate(); text_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { text_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { separate(); text_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { text_ += ']'; first_ = false; return *this; }

  JsonWriter& key(std::string_view name) {
    last_key_ = name;
    separate();
    write_string(name);
    text_ += ':';
    first_ = true;  // the value that follows needs no comma
    return *this;
  }
  JsonWriter& value(double number) {
    separate();
    if (!std::isfinite(number)) {
      if (non_finite_key_.empty()) non_finite_key_ = last_key_.empty() ? "(value)" : std::string(last_key_);
      text_ += "null";
    } else {
      if (number == 0.0) number = 0.0;  // no -0 out: it reads as a sign a UI would show
      // Shortest round-trip digits (Grisu2, nlohmann/json's serializer; this libc++ has no
      // std::to_chars for double). Not printf: musl's printf formats through a software long
      // double in wasm and made writing a preview several times slower than computing it.
      char buffer[64];
      char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, number);
      text_.append(buffer, static_cast<std::size_t>(end - buffer));
    }
    return *this;
  }
  JsonWriter& value(bool flag) { separate(); text_ += flag ? "true" : "false"; return *this; }
  JsonWriter& value(std::string_view text) { separate(); write_string(text); return *this; }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& null() { separate(); text_ += "null"; return *this; }
  // +Infinity as null (documented as "no finite ratio"); NaN is still a bug.
  JsonWriter& value_or_null(double number) { return number == HUGE_VAL ? null() : value(number); }

  template <class T>
  JsonWriter& field(std::string_view name, const T& v) { key(name); return value(v); }

  const std::string& str() const { return text_; }
  // The key of the first non-finite number written by value(); empty when there was none.
  const std::string& non_finite_key() const { return non_finite_key_; }

 private:
  void separate() {
    if (!first_) text_ += ',';
    first_ = false;
  }
  void write_string(std::string_view s) {
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

  std::string text_;
  std::string_view last_key_;  // field() and key() callers pass literals that outlive the writer
  std::string non_finite_key_;
  bool first_ = true;
};

}  // namespace marginkit
