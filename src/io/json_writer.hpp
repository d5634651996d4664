#pragma once
// A minimal streaming JSON writer for our result shapes. Writing JSON is a few lines of string
// building; nlohmann::json's DOM and serializer cost about 10 KB gzipped of wasm for it.
// JSON has no NaN or Infinity. A non-finite number where a number belongs is a bug upstream: the
// writer writes null and remembers the first such key (non_finite_key()), so that the caller
// withholds the result (NON_FINITE_RESULT) instead of handing out a null beside a status. Only
// value_or_null() writes null on purpose, for +Infinity (a ratio to zero equity).
#include <cmath>
#include <string>
#include <string_view>

namespace marginkit {

class JsonWriter {
 public:
  // The methods live in json_writer.cpp, compiled for speed while their callers (the result
  // shapes, run once per call) are compiled for size: a 200-position preview writes ~200 KB.
  JsonWriter();
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

  const std::string& str() const { return text_; }
  // The key of the first non-finite number written by value(); empty when there was none.
  const std::string& non_finite_key() const { return non_finite_key_; }

 private:
  void separate() {
    if (!first_) text_ += ',';
    first_ = false;
  }
  void write_string(std::string_view s);

  std::string text_;
  std::string_view last_key_;  // field() and key() callers pass literals that outlive the writer
  std::string non_finite_key_;
  bool first_ = true;
};

}  // namespace marginkit
