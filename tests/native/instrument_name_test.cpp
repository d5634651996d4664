// Venue-style instrument names (src/instruments/instrument_name.*), as documented in
// web/marginkit.d.ts (InstrumentRef) and instrument_name.hpp:
//   BTC-27DEC26-100000-C inverse option, ETH_USDC-27DEC26-3500-P linear option,
//   BTC-27DEC26 inverse future, BTC_USDC-27DEC26 linear future, ETH-PERPETUAL inverse perpetual,
//   ETH_USDC-PERPETUAL linear perpetual, BTC_USDC spot. Coins are 2-10 upper-case letters or
//   digits; strikes positive plain decimals; expiries DDMMMYY (no leading zero) at 08:00 UTC;
//   anything else INVALID_INSTRUMENT with the caller's field passed through.
// Expected expiries are epoch values checked with GNU date, e.g.
//   date -u -d 2026-12-27T08:00:00Z +%s -> 1798358400
//   date -u -d 2027-03-07T08:00:00Z +%s -> 1804406400
//   date -u -d 2028-02-29T08:00:00Z +%s -> 1835424000
#include <gtest/gtest.h>

#include <string>

#include "instruments/instrument_name.hpp"
#include "test_support.hpp"

namespace marginkit {
namespace {

using test::num;

const char* kind_name(InstrumentKind kind) {
  switch (kind) {
    case InstrumentKind::option: return "option";
    case InstrumentKind::future: return "future";
    case InstrumentKind::perpetual: return "perpetual";
    case InstrumentKind::spot: return "spot";
  }
  return "?";
}

struct GoodName {
  const char* name;
  const char* underlying;
  InstrumentKind kind;
  Settlement settlement;
  const char* settlement_asset;
  OptionType type;  // options only
  double strike;    // options only
  TimestampMs expiry;  // options and futures; 0 otherwise
};

// Source: the table of names in web/marginkit.d.ts and instrument_name.hpp; expiries from GNU date.
const GoodName kGoodNames[] = {
    {"BTC-27DEC26-100000-C", "BTC", InstrumentKind::option, Settlement::inverse, "BTC", OptionType::call, 100000.0, 1798358400000LL},
    {"ETH_USDC-27DEC26-3500-P", "ETH", InstrumentKind::option, Settlement::linear, "USDC", OptionType::put, 3500.0, 1798358400000LL},
    {"BTC-27DEC26", "BTC", InstrumentKind::future, Settlement::inverse, "BTC", OptionType::call, 0.0, 1798358400000LL},
    {"BTC_USDC-27DEC26", "BTC", InstrumentKind::future, Settlement::linear, "USDC", OptionType::call, 0.0, 1798358400000LL},
    {"ETH-PERPETUAL", "ETH", InstrumentKind::perpetual, Settlement::inverse, "ETH", OptionType::call, 0.0, 0},
    {"ETH_USDC-PERPETUAL", "ETH", InstrumentKind::perpetual, Settlement::linear, "USDC", OptionType::call, 0.0, 0},
    {"BTC_USDC", "BTC", InstrumentKind::spot, Settlement::linear, "USDC", OptionType::call, 0.0, 0},
    // USDT as the quote, one-digit days, leap day, decimal strikes, digits in the coin.
    {"BTC_USDT-PERPETUAL", "BTC", InstrumentKind::perpetual, Settlement::linear, "USDT", OptionType::call, 0.0, 0},
    {"ETH-7MAR27", "ETH", InstrumentKind::future, Settlement::inverse, "ETH", OptionType::call, 0.0, 1804406400000LL},
    {"BTC-29FEB28-50000-P", "BTC", InstrumentKind::option, Settlement::inverse, "BTC", OptionType::put, 50000.0, 1835424000000LL},
    {"XRP_USDC-27DEC26-0.5-C", "XRP", InstrumentKind::option, Settlement::linear, "USDC", OptionType::call, 0.5, 1798358400000LL},
    {"SOL_USDC-27DEC26-187.25-P", "SOL", InstrumentKind::option, Settlement::linear, "USDC", OptionType::put, 187.25, 1798358400000LL},
    {"1INCH_USDC-PERPETUAL", "1INCH", InstrumentKind::perpetual, Settlement::linear, "USDC", OptionType::call, 0.0, 0},
    {"ABCDEFGHIJ-PERPETUAL", "ABCDEFGHIJ", InstrumentKind::perpetual, Settlement::inverse, "ABCDEFGHIJ", OptionType::call, 0.0, 0},
};

TEST(InstrumentName, ParsesEveryDocumentedForm) {
  for (const auto& c : kGoodNames) {
    SCOPED_TRACE(c.name);
    Instrument out;
    const Status s = parse_instrument_name(c.name, "instrument", out);
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(out.name, c.name);
    EXPECT_EQ(out.underlying, c.underlying);
    EXPECT_EQ(out.kind, c.kind) << kind_name(out.kind) << " vs " << kind_name(c.kind);
    EXPECT_EQ(out.settlement, c.settlement) << test::name(out.settlement);
    EXPECT_EQ(out.settlement_asset, c.settlement_asset);
    if (c.kind == InstrumentKind::option) {
      EXPECT_EQ(out.option_type, c.type);
      EXPECT_EQ(out.strike, c.strike) << num(out.strike);  // exact: plain decimals
    }
    if (c.kind == InstrumentKind::option || c.kind == InstrumentKind::future) {
      EXPECT_EQ(out.expiry, c.expiry);
      EXPECT_TRUE(out.has_expiry());
    } else {
      EXPECT_FALSE(out.has_expiry());
    }
  }
}

struct BadName {
  const char* name;
  const char* why;
};

// Source: instrument_name.hpp ("anything else is rejected with INVALID_INSTRUMENT").
const BadName kBadNames[] = {
    {"", "empty"},
    {"btc-27DEC26-100000-C", "lower-case coin"},
    {"BTC-27dec26-100000-C", "lower-case month"},
    {"BTC-27DEC26-100000-c", "lower-case option type"},
    {"eth-perpetual", "lower-case perpetual"},
    {"ETH-Perpetual", "mixed-case perpetual"},
    {"BTC-31FEB26", "31 February"},
    {"BTC-29FEB27-50000-P", "29 February of a common year"},
    {"BTC-31APR26", "31 April"},
    {"BTC-32JAN26", "day 32"},
    {"BTC-00DEC26", "day 00"},
    {"BTC-0DEC26", "day 0"},
    {"BTC-027DEC26", "three-digit day"},
    {"BTC-07DEC26", "leading zero (Deribit writes 7DEC26)"},
    {"BTC-27DEC2026", "four-digit year"},
    {"BTC-27DEC6", "one-digit year"},
    {"BTC-27XYZ26", "unknown month"},
    {"BTC-27DEC26-100000", "option without -C/-P"},
    {"BTC-27DEC26-100000-X", "option type X"},
    {"BTC-27DEC26-100000-CALL", "option type spelled out"},
    {"BTC-27DEC26-0-C", "strike 0"},
    {"BTC-27DEC26-0.0-C", "strike 0.0"},
    {"BTC-27DEC26--100000-C", "negative strike"},
    {"BTC-27DEC26-1e5-C", "strike in exponent form"},
    {"BTC-27DEC26-1.2.3-C", "strike with two dots"},
    {"BTC-27DEC26-.5-C", "strike with a leading dot"},
    {"BTC-27DEC26-5.-C", "strike with a trailing dot"},
    {"BTC-27DEC26-+5-C", "strike with a sign"},
    {"BTC-27DEC26- 5-C", "strike with a space"},
    {"BTC-27DEC26--C", "empty strike"},
    {"BTC_EUR-PERPETUAL", "unknown quote EUR"},
    {"BTC_EUR", "unknown quote EUR (spot)"},
    {"BTC_EUR-27DEC26-100000-C", "unknown quote EUR (option)"},
    {"BTC_USDC_USDT-PERPETUAL", "two quotes"},
    {"BTC_-PERPETUAL", "empty quote"},
    {"_USDC-PERPETUAL", "empty coin"},
    {"B-PERPETUAL", "one-letter coin"},
    {"ABCDEFGHIJK-PERPETUAL", "eleven-letter coin"},
    {"BT$-PERPETUAL", "symbol in the coin"},
    {"BTC", "inverse spot"},
    {"BTC-", "trailing dash"},
    {"-PERPETUAL", "no coin"},
    {"BTC-PERPETUAL-X", "extra part after PERPETUAL"},
    {"BTC-27DEC26-100000-C-X", "extra part after the option type"},
    {"BTC-27DEC26-100000-C-", "trailing dash after the option type"},
    {"BTC-27DEC26-100000", "three parts"},
    {"BTC-27DEC26-100000-C-1-2", "six parts"},
    {"BTC--27DEC26", "double dash"},
    {" BTC-PERPETUAL", "leading space"},
    {"BTC-PERPETUAL ", "trailing space"},
    {"BTC-PERP", "abbreviated perpetual"},
};

TEST(InstrumentName, RejectsMalformedNamesWithTheFieldPassedThrough) {
  const std::string field = "account.positions[7].instrument";
  for (const auto& c : kBadNames) {
    SCOPED_TRACE(std::string("'") + c.name + "' (" + c.why + ")");
    Instrument out;
    out.name = "untouched";
    const Status s = parse_instrument_name(c.name, field, out);
    EXPECT_EQ(s.code, ErrorCode::INVALID_INSTRUMENT);
    EXPECT_EQ(s.field, field);
    EXPECT_FALSE(s.message.empty());
    EXPECT_EQ(out.name, "untouched") << "a failed parse must not write its output";
  }
}

// Round trip one way: every canonical name formats back to itself.
TEST(InstrumentName, FormatOfParseIsTheCanonicalName) {
  for (const auto& c : kGoodNames) {
    Instrument out;
    ASSERT_TRUE(parse_instrument_name(c.name, "x", out).ok()) << c.name;
    EXPECT_EQ(format_instrument_name(out), c.name);
  }
}

struct Fields {
  const char* underlying;
  InstrumentKind kind;
  Settlement settlement;
  const char* settlement_asset;
  OptionType type;
  double strike;
  TimestampMs expiry;
  const char* expected_name;  // by hand from the documented name grammar
};

// Source: the name grammar above; the strike is written as a plain decimal with every digit it
// has, and expiry days without a leading zero.
const Fields kFields[] = {
    {"BTC", InstrumentKind::option, Settlement::inverse, "BTC", OptionType::call, 100000.0, 1798358400000LL, "BTC-27DEC26-100000-C"},
    {"ETH", InstrumentKind::option, Settlement::linear, "USDC", OptionType::put, 3500.0, 1798358400000LL, "ETH_USDC-27DEC26-3500-P"},
    {"ETH", InstrumentKind::option, Settlement::linear, "USDT", OptionType::put, 3500.0, 1798358400000LL, "ETH_USDT-27DEC26-3500-P"},
    {"BTC", InstrumentKind::future, Settlement::inverse, "BTC", OptionType::call, 0.0, 1804406400000LL, "BTC-7MAR27"},
    {"BTC", InstrumentKind::future, Settlement::linear, "USDC", OptionType::call, 0.0, 1798358400000LL, "BTC_USDC-27DEC26"},
    {"ETH", InstrumentKind::perpetual, Settlement::inverse, "ETH", OptionType::call, 0.0, 0, "ETH-PERPETUAL"},
    {"ETH", InstrumentKind::perpetual, Settlement::linear, "USDC", OptionType::call, 0.0, 0, "ETH_USDC-PERPETUAL"},
    {"BTC", InstrumentKind::spot, Settlement::linear, "USDC", OptionType::call, 0.0, 0, "BTC_USDC"},
    {"XRP", InstrumentKind::option, Settlement::linear, "USDC", OptionType::call, 0.5, 1798358400000LL, "XRP_USDC-27DEC26-0.5-C"},
    {"SOL", InstrumentKind::option, Settlement::linear, "USDC", OptionType::put, 187.25, 1798358400000LL, "SOL_USDC-27DEC26-187.25-P"},
};

// Strikes the documented limits allow (1e-12 <= strike <= 1e15, and JSON instrument fields pass
// them through format_instrument_name) that "%.10g" prints in exponent form or rounds: a name
// must still carry the exact strike, and parse back.
const Fields kLongStrikes[] = {
    {"PEPE", InstrumentKind::option, Settlement::linear, "USDC", OptionType::call, 0.00001, 1798358400000LL, "PEPE_USDC-27DEC26-0.00001-C"},
    {"BTC", InstrumentKind::option, Settlement::linear, "USDC", OptionType::call, 12345678901.0, 1798358400000LL, "BTC_USDC-27DEC26-12345678901-C"},
    {"BTC", InstrumentKind::option, Settlement::linear, "USDC", OptionType::put, 101234.56789, 1798358400000LL, "BTC_USDC-27DEC26-101234.56789-P"},
};

// Round trip the other way: fields -> name -> the same fields (what JSON instrument objects do).
void expect_round_trip(const Fields& c) {
  {
    SCOPED_TRACE(c.expected_name);
    Instrument fields;
    fields.underlying = c.underlying;
    fields.kind = c.kind;
    fields.settlement = c.settlement;
    fields.settlement_asset = c.settlement_asset;
    fields.option_type = c.type;
    fields.strike = c.strike;
    fields.expiry = c.expiry;
    const std::string name = format_instrument_name(fields);
    EXPECT_EQ(name, c.expected_name);
    Instrument parsed;
    const Status s = parse_instrument_name(name, "x", parsed);
    if (!s.ok()) {
      ADD_FAILURE() << "the formatted name does not parse: " << name << ": " << s.message;
      return;
    }
    EXPECT_EQ(parsed.underlying, fields.underlying);
    EXPECT_EQ(parsed.kind, fields.kind);
    EXPECT_EQ(parsed.settlement, fields.settlement);
    EXPECT_EQ(parsed.settlement_asset, fields.settlement_asset);
    if (fields.is_option()) {
      EXPECT_EQ(parsed.option_type, fields.option_type);
      EXPECT_EQ(parsed.strike, fields.strike) << num(parsed.strike) << " vs " << num(fields.strike);
    }
    if (fields.has_expiry()) EXPECT_EQ(parsed.expiry, fields.expiry);
  }
}

TEST(InstrumentName, ParseOfFormatGivesTheSameInstrument) {
  for (const auto& c : kFields) expect_round_trip(c);
}

TEST(InstrumentName, LongAndTinyStrikesSurviveFormat) {
  for (const auto& c : kLongStrikes) expect_round_trip(c);
}

}  // namespace
}  // namespace marginkit
