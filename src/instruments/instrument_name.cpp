#include "instruments/instrument_name.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/checks.hpp"
#include "common/decimal_parse.hpp"
#include "common/number_text.hpp"

namespace marginkit {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

bool is_asset_code(std::string_view text) {
  if (text.size() < 2 || text.size() > 10) return false;
  for (char c : text) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

namespace {

bool parse_strike(std::string_view text, double& strike) {
  // Room for any double written plainly (0.000000000001234567890123456 is 30 characters), so
  // that a strike out of range is OUT_OF_RANGE, not "not a number".
  if (text.empty() || text.size() > 48) return false;
  int dots = 0;
  for (char c : text) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  if (dots > 1 || text.front() == '.' || text.back() == '.') return false;
  strike = parse_decimal(std::string(text).c_str(), nullptr);
  return strike > 0.0;
}

}  // namespace

Status parse_instrument_name(std::string_view name, const std::string& field, Instrument& out) {
  auto reject = [&](const std::string& why) {
    return Status::error(ErrorCode::INVALID_INSTRUMENT, field,
                         "unknown instrument '" + std::string(name) + "': " + why);
  };
  const auto parts = split(name, '-');
  // Settlement comes from the first part: COIN (inverse) or COIN_USDC / COIN_USDT (linear).
  Instrument instrument;
  instrument.name = std::string(name);
  const std::string_view head = parts[0];
  const auto underscore = head.find('_');
  if (underscore == std::string_view::npos) {
    instrument.underlying = std::string(head);
    instrument.settlement = Settlement::inverse;
    instrument.settlement_asset = instrument.underlying;
  } else {
    const std::string_view quote = head.substr(underscore + 1);
    if (quote != "USDC" && quote != "USDT") return reject("the quote currency must be USDC or USDT");
    instrument.underlying = std::string(head.substr(0, underscore));
    instrument.settlement = Settlement::linear;
    instrument.settlement_asset = std::string(quote);
  }
  if (!is_asset_code(instrument.underlying)) return reject("the coin must be 2-10 upper-case letters or digits");

  if (parts.size() == 1) {
    if (instrument.settlement == Settlement::inverse) return reject("spot names are COIN_USDC or COIN_USDT");
    instrument.kind = InstrumentKind::spot;
  } else if (parts.size() == 2 && parts[1] == "PERPETUAL") {
    instrument.kind = InstrumentKind::perpetual;
  } else if (parts.size() == 2 || parts.size() == 4) {
    const auto expiry = parse_expiry_code(parts[1]);
    if (!expiry) return reject("'" + std::string(parts[1]) + "' is not an expiry like 27DEC26");
    instrument.expiry = *expiry;
    instrument.kind = parts.size() == 2 ? InstrumentKind::future : InstrumentKind::option;
    if (parts.size() == 4) {
      if (!parse_strike(parts[2], instrument.strike)) return reject("the strike must be a positive number");
      // The limits of a strike given by fields apply to one given by name too.
      if (auto s = check_positive(instrument.strike, field, kMinPrice, kMaxPrice); !s.ok()) {
        return Status::error(ErrorCode::OUT_OF_RANGE, field,
                             "the strike of '" + std::string(name) + "' is out of range: " + s.message);
      }
      if (parts[3] == "C") instrument.option_type = OptionType::call;
      else if (parts[3] == "P") instrument.option_type = OptionType::put;
      else return reject("an option name ends in -C or -P");
    }
  } else {
    return reject("expected COIN-PERPETUAL, COIN-DDMMMYY or COIN-DDMMMYY-STRIKE-C|P");
  }
  // One instrument, one name: '100000.0' and '0100000' are the strike 100000, so that duplicates
  // and marks are matched however the strike was spelt.
  instrument.name = format_instrument_name(instrument);
  out = std::move(instrument);
  return Status::success();
}

std::string format_instrument_name(const Instrument& instrument) {
  std::string head = instrument.underlying;
  if (instrument.settlement == Settlement::linear) {
    head += "_" + (instrument.settlement_asset.empty() ? std::string("USDC") : instrument.settlement_asset);
  }
  switch (instrument.kind) {
    case InstrumentKind::spot: return head;
    case InstrumentKind::perpetual: return head + "-PERPETUAL";
    case InstrumentKind::future: return head + "-" + format_expiry_code(instrument.expiry);
    case InstrumentKind::option:
      return head + "-" + format_expiry_code(instrument.expiry) + "-" + plain_decimal(instrument.strike) +
             (instrument.option_type == OptionType::call ? "-C" : "-P");
  }
  return head;
}

}  // namespace marginkit
