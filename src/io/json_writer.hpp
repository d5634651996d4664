#pragma once
// A minimal streaming JSON writer for our result shapes. Writing JSON is a few lines of string
// building; nlohmann::json's DOM and serializer cost about 10 KB gzipped of wasm for it.
// JSON has no NaN or Infinity. A non-finite number where a number belongs is a bug upstream: the
// writer writes null and remembers the first such key (non_finite_key()), so that the caller
// withholds the result (NON_FINITE_RESULT) instead of handing out a null beside a status. Only
// value_or_null() writes null on purpose, for +Infinity (a ratio to zero equity).
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

namespace marginkit {

class JsonWriter {
 public:
  // The methods live in json_writer.cpp, compiled for speed while their callers (the result
  // shapes, run once per call) are compiled for size: a 200-position preview writes ~200 KB.
  JsonWriter();
  // Not copied or moved: at_ and end_ point into this writer's own string.
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(double number);
  JsonWriter& value(bool flag);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& null();
  // +Infinity as null (documented as "no finite ratio"); NaN is still a bug.
  JsonWriter& value_or_null(double number) { return number == HUGE_VAL ? null() : value(number); }

  template <class T>
  JsonWriter& field(std::string_view name, const T& v) { key(name); return value(v); }

  // The text so far; take() hands it over (the writer then writes a new document; a non-finite
  // number met before is still reported).
  std::string_view text() const { return std::string_view(text_.data(), size()); }
  std::size_t size() const { return static_cast<std::size_t>(at_ - text_.data()); }
  std::string take();
  // The key of the first non-finite number written by value(); empty when there was none.
  const std::string& non_finite_key() const { return non_finite_key_; }

 private:
  void separate() {
    if (!first_) put(',');
    first_ = false;
  }
  void write_string(std::string_view s);
  // Bytes go straight into text_'s storage, sized ahead: [text_.data(), at_) is written, [at_, end_)
  // free. std::string's push_back and append are out-of-line library calls in the wasm build
  // (libc++ is precompiled), one per character of a ~200 KB answer.
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
    return at_;
  }
  [[gnu::noinline]] void grow(std::size_t n);
  void put(char c) { *room(1) = c; ++at_; }
  void put(const char* s, std::size_t n) {
    char* at = room(n);
    if (n != 0) std::memcpy(at, s, n);  // an empty view's data() may be null
    at_ = at + n;
  }
  void put(std::string_view s) { put(s.data(), s.size()); }

  std::string text_;
  char* at_ = nullptr;
  char* end_ = nullptr;
  std::string_view last_key_;  // field() and key() callers pass literals that outlive the writer
  std::string non_finite_key_;
  bool first_ = true;
};

}  // namespace marginkit
