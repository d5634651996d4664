// JsonWriter (src/io/json_writer.hpp): the text it writes, held to JSON's grammar by reading it
// back with nlohmann's parser, and to the writer's own rules (no -0, non-finite numbers as null
// and reported, escapes), across its buffer's growth and after take().
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "io/json_writer.hpp"

namespace marginkit {
namespace {

TEST(JsonWriter, WritesObjectsArraysAndScalars) {
  JsonWriter w;
  w.begin_object().field("a", 1.5).field("b", true).field("c", "text");
  w.key("d").begin_array().value(1.0).null().value(false).begin_object().end_object().end_array();
  w.key("e").begin_array().end_array().end_object();
  EXPECT_EQ(w.text(), R"({"a":1.5,"b":true,"c":"text","d":[1.0,null,false,{}],"e":[]})");
  EXPECT_EQ(w.size(), w.text().size());
  EXPECT_TRUE(w.non_finite_key().empty());
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  JsonWriter w;
  const std::string awkward = std::string("q\"b\\n\nr\rt\tz") + '\x01' + '\x1f' + "é";
  w.begin_object().field(awkward, awkward).end_object();
  const std::string text = w.take();
  EXPECT_EQ(text, R"({"q\"b\\n\nr\rt\tz\u0001\u001fé":"q\"b\\n\nr\rt\tz\u0001\u001fé"})");
  const auto read = nlohmann::json::parse(text);
  EXPECT_EQ(read.at(awkward).get<std::string>(), awkward);
}

TEST(JsonWriter, NoNegativeZeroAndNonFiniteIsNullAndReported) {
  JsonWriter w;
  w.begin_object().field("zero", -0.0).field("fine", 2.0).field("bad", std::nan("")).field("worse", HUGE_VAL);
  w.key("ratio").value_or_null(HUGE_VAL).end_object();
  EXPECT_EQ(w.text(), R"({"zero":0.0,"fine":2.0,"bad":null,"worse":null,"ratio":null})");
  EXPECT_EQ(w.non_finite_key(), "bad");  // the first one
}

// Past the first block (4 KB) many times over, with every kind of write crossing a boundary:
// numbers read back to the same doubles, strings to the same text.
TEST(JsonWriter, GrowsAndRoundTripsNumbersAndStrings) {
  std::mt19937_64 random(20261126);
  std::uniform_real_distribution<double> exponent(-300.0, 300.0);
  std::vector<double> numbers;
  std::vector<std::string> strings;
  JsonWriter w;
  w.begin_array();
  for (int i = 0; i < 20000; ++i) {
    const double x = (i % 2 ? -1.0 : 1.0) * std::pow(10.0, exponent(random)) * (1.0 + (random() % 1000) / 997.0);
    numbers.push_back(x);
    w.value(x);
    strings.push_back(std::string(static_cast<std::size_t>(random() % 40), static_cast<char>('a' + i % 26)) +
                      (i % 7 == 0 ? "\"\n" : ""));
    w.value(strings.back());
  }
  w.value(std::numeric_limits<double>::max()).value(-std::numeric_limits<double>::denorm_min());
  w.end_array();
  const std::size_t size = w.size();
  const std::string text = w.take();
  ASSERT_EQ(text.size(), size);
  ASSERT_GT(text.size(), 100000u);
  const auto read = nlohmann::json::parse(text);
  ASSERT_EQ(read.size(), 2 * numbers.size() + 2);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    ASSERT_EQ(read[2 * i].get<double>(), numbers[i]) << i;
    ASSERT_EQ(read[2 * i + 1].get<std::string>(), strings[i]) << i;
  }
  EXPECT_EQ(read[2 * numbers.size()].get<double>(), std::numeric_limits<double>::max());
  EXPECT_EQ(read[2 * numbers.size() + 1].get<double>(), -std::numeric_limits<double>::denorm_min());
}

TEST(JsonWriter, EmptyStringsAndKeys) {
  JsonWriter w;
  w.begin_object().field(std::string_view(), std::string_view()).field("", "").end_object();
  EXPECT_EQ(w.text(), R"({"":"","":""})");
}

TEST(JsonWriter, TakeEmptiesTheWriterAndItWritesOnAfterwards) {
  JsonWriter w;
  w.begin_array().value(1.0).end_array();
  EXPECT_EQ(w.take(), "[1.0]");  // integral doubles keep a ".0" (nlohmann's Grisu2 format)
  EXPECT_EQ(w.size(), 0u);
  EXPECT_EQ(w.text(), "");
  w.begin_array().value(std::string(10000, 'x')).end_array();
  EXPECT_EQ(w.take(), "[\"" + std::string(10000, 'x') + "\"]");
}

}  // namespace
}  // namespace marginkit
