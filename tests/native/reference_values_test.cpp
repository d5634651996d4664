// Published European option values and Greeks, and exact identities, read row by row from the
// reference tables in tests/reference (see tests/reference/ORACLES_README.md for sources and
// conventions). Every row carries its own tolerance; held-out rows follow the same conventions, so
// each table is looped over generically and every `greek` / `check` name the conventions define is
// handled.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "pricing/black_scholes.hpp"
#include "pricing/implied_volatility.hpp"
#include "pricing/price_option.hpp"
#include "reference_csv.hpp"
#include "test_support.hpp"

namespace {

using marginkit::Greeks;
using marginkit::GreekUnits;
using marginkit::ImpliedVolRequest;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::Status;
using marginkit::test::CsvRow;
using marginkit::test::CsvTable;
using marginkit::test::num;

CsvTable load(const std::string& file_name, const std::vector<std::string>& required_columns) {
  CsvTable table = marginkit::test::read_csv(marginkit::test::reference_path(file_name));
  EXPECT_TRUE(table.ok()) << table.error;
  EXPECT_FALSE(table.rows.empty()) << file_name << " has no rows";
  for (const auto& column : required_columns) {
    bool found = false;
    for (const auto& h : table.header) found = found || h == column;
    EXPECT_TRUE(found) << file_name << " has no column '" << column << "'";
  }
  return table;
}

// One computed value of a row and how it was obtained ("black76(F = underlying)", ...).
struct Calculated {
  std::string path;
  double value;
};

// QuantLib-style report: the row (all its inputs), how it was computed, expected, calculated,
// error and tolerance.
void check_row(const CsvTable& table, const CsvRow& row, const Calculated& calculated,
               double expected, double tolerance) {
  const double error = std::fabs(calculated.value - expected);
  if (std::isfinite(expected) && std::isfinite(tolerance) && error <= tolerance) return;
  ADD_FAILURE() << table.path << " line " << row.line << ", row " << row.text("id") << " via "
                << calculated.path << "\n    inputs:     " << row.describe(table.header)
                << "\n    expected:   " << num(expected)
                << "\n    calculated: " << num(calculated.value)
                << "\n    error:      " << num(error) << "\n    tolerance:  " << num(tolerance);
}

bool parse_type(const std::string& text, OptionType& type) {
  if (text == "call") type = OptionType::call;
  else if (text == "put") type = OptionType::put;
  else return false;
  return true;
}

// The row's inputs as a BSM spec: spot = underlying, yield q = carry_q (used for every row, as the
// README allows: black76 rows have q = r, so BSM on them is Black-76 on F = underlying).
OptionSpec bsm_spec(const CsvRow& row, OptionType type) {
  OptionSpec spec;
  spec.type = type;
  spec.model = PricingModel::bsm;
  spec.underlying = row.number("underlying");
  spec.strike = row.number("strike");
  spec.t = row.number("t");
  spec.vol = row.number("vol");
  spec.rate = row.number("rate");
  spec.carry = row.number("carry_q");
  return spec;
}

// price_option, turning a failed Status into a NaN value plus a message in the path.
Calculated priced(const std::string& path, const OptionSpec& spec,
                  const std::function<double(const Greeks&)>& pick) {
  Greeks g;
  const Status status = marginkit::price_option(spec, g);
  if (!status.ok()) {
    return {path + " [failed: " + marginkit::test::name(status.code) + " " + status.message + "]",
            std::nan("")};
  }
  return {path, pick(g)};
}

double price_of(const Greeks& g) { return g.price; }

// --- haug_european_values.csv ---------------------------------------------------------------
// Haug (1998) pp. 2-8, 24, 27, as reproduced in QuantLib test-suite/europeanoption.cpp
// testValues. bsm rows: Black-Scholes-Merton on spot with yield q. black76 rows (q = r): checked
// through Black-76 with F = underlying AND through BSM with all columns as given.
TEST(ReferenceValues, HaugEuropeanValues) {
  const CsvTable table =
      load("haug_european_values.csv", {"id", "type", "model", "underlying", "strike", "carry_q",
                                        "rate", "t", "vol", "expected_price", "tolerance"});
  for (const CsvRow& row : table.rows) {
    OptionType type;
    if (!parse_type(row.text("type"), type)) {
      ADD_FAILURE() << "row " << row.text("id") << ": unknown type '" << row.text("type") << "'";
      continue;
    }
    const OptionSpec bsm = bsm_spec(row, type);
    const std::string model = row.text("model");
    std::vector<Calculated> results;
    results.push_back({"black_scholes_merton", marginkit::black_scholes_merton(
                                                   type, bsm.underlying, bsm.strike, bsm.t,
                                                   bsm.rate, bsm.carry, bsm.vol)
                                                   .price});
    results.push_back(priced("price_option(model = bsm)", bsm, price_of));
    if (model == "black76") {
      results.push_back({"black76(F = underlying)",
                         marginkit::black76(type, bsm.underlying, bsm.strike, bsm.t, bsm.rate,
                                            bsm.vol)
                             .price});
      OptionSpec b76 = bsm;
      b76.model = PricingModel::black76;
      results.push_back(priced("price_option(model = black76)", b76, price_of));
    } else if (model != "bsm") {
      ADD_FAILURE() << "row " << row.text("id") << ": unknown model '" << model << "'";
      continue;
    }
    for (const auto& calculated : results) {
      check_row(table, row, calculated, row.number("expected_price"), row.number("tolerance"));
    }
  }
}

// --- haug_european_greeks.csv ---------------------------------------------------------------
// Haug (1998) pp. 11-16, as reproduced in QuantLib test-suite/europeanoption.cpp
// testGreekValues. All BSM on spot with yield q, r and q held fixed unless the Greek is about
// them; units as in QuantLib (vega per 1.00 of vol, theta per year, rho per 1.00 of rate).
// Greek names compared without case, '_', '-' or spaces, so QuantLib's spelling ("thetaPerDay",
// "dividendRho") and the README's ("theta_per_day", "dividend_rho") both work.
std::string normalized(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '_' || c == '-' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Calculated greek_of(const std::string& greek_name, const OptionSpec& spec) {
  const std::string greek = normalized(greek_name);
  const std::string annual = "price_option(bsm, annual).";
  // The Greeks price_option returns directly, in annual units.
  static const std::pair<const char*, double Greeks::*> kDirect[] = {
      {"price", &Greeks::price}, {"delta", &Greeks::delta}, {"gamma", &Greeks::gamma},
      {"vega", &Greeks::vega},   {"theta", &Greeks::theta}, {"rho", &Greeks::rho},
      {"vanna", &Greeks::vanna}, {"volga", &Greeks::volga}, {"vomma", &Greeks::volga},
      {"charm", &Greeks::charm}};
  for (const auto& direct : kDirect) {
    if (greek == direct.first) {
      const auto member = direct.second;
      return priced(annual + direct.first, spec, [member](const Greeks& g) { return g.*member; });
    }
  }
  if (greek == "thetaperday") {
    // theta / 365: our trader units (theta per calendar day).
    OptionSpec trader = spec;
    trader.units = GreekUnits::trader;
    return priced("price_option(bsm, trader).theta", trader, [](const Greeks& g) { return g.theta; });
  }
  if (greek == "elasticity") {
    return priced(annual + "delta * S / price", spec,
                  [&spec](const Greeks& g) { return g.delta * spec.underlying / g.price; });
  }
  if (greek == "dividendrho") {
    // dV/dq with r fixed. Greeks has no such output, so it is the central finite difference of
    // our price in the yield q (step 1e-4, one Richardson step: truncation ~1e-14 relative,
    // rounding ~1e-11 absolute here), far inside the 1e-4 tolerance. Published formula, for the
    // reader: -t S e^(-qt) omega N(omega d1).
    double value = marginkit::test::fd_first(
        [&spec](double q) {
          OptionSpec bumped = spec;
          bumped.carry = q;
          Greeks g;
          return marginkit::price_option(bumped, g).ok() ? g.price : std::nan("");
        },
        spec.carry, 1e-4);
    return {"central difference of price_option(bsm).price in carry_q", value};
  }
  return {"unknown greek '" + greek_name + "'", std::nan("")};
}

TEST(ReferenceValues, HaugEuropeanGreeks) {
  const CsvTable table =
      load("haug_european_greeks.csv", {"id", "type", "underlying", "strike", "carry_q", "rate",
                                        "t", "vol", "greek", "expected", "tolerance"});
  for (const CsvRow& row : table.rows) {
    OptionType type;
    if (!parse_type(row.text("type"), type)) {
      ADD_FAILURE() << "row " << row.text("id") << ": unknown type '" << row.text("type") << "'";
      continue;
    }
    check_row(table, row, greek_of(row.text("greek"), bsm_spec(row, type)),
              row.number("expected"), row.number("tolerance"));
  }
}

// --- bsm_identity_cases.csv -----------------------------------------------------------------
// Generated cases whose answer follows from an exact identity or a short closed form (see the
// `formula` column): put-call parity, the at-the-money-forward price, implied-vol round trip and
// Black-76 = BSM with q = r.
std::vector<Calculated> identity_results(const CsvRow& row) {
  const std::string check = row.text("check");
  if (check == "call_minus_put") {
    const OptionSpec call = bsm_spec(row, OptionType::call);
    const OptionSpec put = bsm_spec(row, OptionType::put);
    const Calculated c = priced("price_option(bsm, call)", call, price_of);
    const Calculated p = priced("price_option(bsm, put)", put, price_of);
    return {{c.path + " - " + p.path, c.value - p.value}};
  }
  OptionType type;
  if (!parse_type(row.text("type"), type)) {
    return {{"unknown type '" + row.text("type") + "'", std::nan("")}};
  }
  const OptionSpec spec = bsm_spec(row, type);
  if (check == "atm_forward_price") return {priced("price_option(bsm)", spec, price_of)};
  if (check == "black76_equals_bsm") {
    OptionSpec b76 = spec;
    b76.model = PricingModel::black76;
    return {priced("price_option(bsm, q = r)", spec, price_of),
            priced("price_option(black76, F = underlying)", b76, price_of),
            {"black76(F = underlying)",
             marginkit::black76(type, spec.underlying, spec.strike, spec.t, spec.rate, spec.vol)
                 .price}};
  }
  if (check == "implied_vol") {
    ImpliedVolRequest request;
    request.type = type;
    request.model = PricingModel::bsm;
    request.underlying = spec.underlying;
    request.strike = spec.strike;
    request.t = spec.t;
    request.rate = spec.rate;
    request.carry = spec.carry;
    request.price = row.number("input_price");
    double vol = std::nan("");
    const Status status = marginkit::implied_volatility(request, vol);
    if (!status.ok()) {
      return {{"implied_volatility(bsm) [failed: " + marginkit::test::name(status.code) + " " +
                   status.message + "]",
               std::nan("")}};
    }
    return {{"implied_volatility(bsm)", vol}};
  }
  return {{"unknown check '" + check + "'", std::nan("")}};
}

TEST(ReferenceValues, BsmIdentityCases) {
  const CsvTable table =
      load("bsm_identity_cases.csv", {"id", "check", "type", "underlying", "strike", "carry_q",
                                      "rate", "t", "vol", "input_price", "expected", "tolerance"});
  for (const CsvRow& row : table.rows) {
    for (const auto& calculated : identity_results(row)) {
      check_row(table, row, calculated, row.number("expected"), row.number("tolerance"));
    }
  }
}

// The reader itself, on the one quoted field our files have.
TEST(ReferenceCsv, QuotedFieldsKeepTheirCommas) {
  std::vector<std::string> fields;
  ASSERT_TRUE(marginkit::test::split_csv_record(R"(a,"x, ""y"", z",3)", fields));
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0], "a");
  EXPECT_EQ(fields[1], R"(x, "y", z)");
  EXPECT_EQ(fields[2], "3");
  EXPECT_FALSE(marginkit::test::split_csv_record(R"(a,"open)", fields));

  const CsvTable table = marginkit::test::read_csv(
      marginkit::test::reference_path("bsm_identity_cases.csv"));
  ASSERT_TRUE(table.ok()) << table.error;
  for (const CsvRow& row : table.rows) {
    EXPECT_TRUE(std::isfinite(row.number("expected"))) << row.describe(table.header);
    EXPECT_TRUE(std::isfinite(row.number("tolerance"))) << row.describe(table.header);
  }
}

}  // namespace
