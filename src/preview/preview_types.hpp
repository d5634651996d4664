#pragma once
// The plain types of a pre-trade preview: orders in, the preview's settings, the preview out.
// No behaviour here, so that every part of the preview (orders.hpp, acceptance.hpp, sizing.hpp,
// the prepared account that runs them, the JSON doors) can include them without including each
// other.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "liquidation/liquidation_price.hpp"
#include "margin/account_risk.hpp"

namespace marginkit {

enum class OrderSide : std::int8_t { buy = 1, sell = -1 };

struct Order {
  Instrument instrument;
  OrderSide side = OrderSide::buy;
  double size = 0.0;  // contracts, > 0
  // Limit price in the instrument's quote (USD; coins for inverse option premiums); NaN: mark.
  double price = std::numeric_limits<double>::quiet_NaN();
  // Isolated mode: margin to assign to the position, settlement currency; NaN: see `leverage`.
  double isolated_margin = std::numeric_limits<double>::quiet_NaN();
  // Isolated mode, futures and perpetuals: the margin of what the order opens is its notional at
  // the fill price / leverage, in (0, the schedule's maximum]; NaN with no isolated_margin: the
  // initial margin of what it opens, at least what the position's IM grows by (orders.hpp).
  double leverage = std::numeric_limits<double>::quiet_NaN();
};

// Which per-position rows a preview's before and after carry: every position, only those of the
// ordered instruments, or none (the totals, Greeks and levels are always there).
enum class PositionRows : std::int8_t { all, changed, none };

struct PreviewConfig {
  RiskConfig risk;
  double liquidation_warning_percent = 10.0;  // LIQUIDATION_PRICE_WITHIN_X_PERCENT below this
  // Step of the max-size search; NaN: 0.01 coin for options, 10 USD for inverse futures and
  // perpetuals, 0.0001 coin for linear futures, perpetuals and spot.
  double size_increment = std::numeric_limits<double>::quiet_NaN();
  bool liquidation_levels = true;
  PositionRows position_rows = PositionRows::all;
  // Whether the preview returns the account after the orders (TradePreview::account_after).
  bool account_after = false;
};

// The one list of preview warning codes (tests/js/names.test.mjs holds it against
// PreviewWarningCode in web/marginkit.d.ts); appended, never renamed.
#define MARGINKIT_PREVIEW_WARNINGS(X) \
  X(INSUFFICIENT_INITIAL_MARGIN)      \
  X(WOULD_TRIGGER_MARGIN_CALL)        \
  X(WOULD_TRIGGER_LIQUIDATION)        \
  X(MARGIN_RATIO_WARNING)             \
  X(LIQUIDATION_PRICE_WITHIN_X_PERCENT) \
  X(REDUCES_RISK)                     \
  X(INCREASES_RISK)                   \
  X(FLIPS_POSITION)                   \
  X(INSUFFICIENT_BALANCE)

enum class PreviewWarningCode : std::int8_t {
#define MARGINKIT_WARNING_ENTRY(name) name,
  MARGINKIT_PREVIEW_WARNINGS(MARGINKIT_WARNING_ENTRY)
#undef MARGINKIT_WARNING_ENTRY
};

inline constexpr const char* kPreviewWarningNames[] = {
#define MARGINKIT_WARNING_NAME(name) #name,
    MARGINKIT_PREVIEW_WARNINGS(MARGINKIT_WARNING_NAME)
#undef MARGINKIT_WARNING_NAME
};
inline const char* to_string(PreviewWarningCode code) { return kPreviewWarningNames[static_cast<int>(code)]; }

// The warnings a rejected preview gives as its reason (TradePreview.reject_reason), in the order
// they are chosen: an overdrawn balance, then liquidation, then initial margin.
inline constexpr PreviewWarningCode kRejectReasons[] = {PreviewWarningCode::INSUFFICIENT_BALANCE,
                                                        PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION,
                                                        PreviewWarningCode::INSUFFICIENT_INITIAL_MARGIN};

// A warning: its code, a short English message with its figures rounded for reading, and the
// figures themselves, exact, so that a UI writes its own text (web/marginkit.d.ts documents which
// fields each code carries). NaN, empty and null mean absent: the JSON leaves those fields out.
// Names from fixed lists are pointers to them, not copies.
struct PreviewWarning {
  static constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();

  std::string code;  // a name of kPreviewWarningNames
  std::string message;
  std::string underlying;      // LIQUIDATION_PRICE_WITHIN_X_PERCENT
  std::string instrument;      // the position concerned (isolated mode; FLIPS_POSITION)
  double price = kAbsent;             // a liquidation price of the underlying's index, USD
  double distance_percent = kAbsent;  // (price / index - 1) x 100
  const char* direction = nullptr;    // "below" or "above" the index
  double amount_usd = kAbsent;        // a shortfall, USD
  std::string asset;                  // INSUFFICIENT_BALANCE: the asset overdrawn
  double amount = kAbsent;            // ... and by how much, in units of it
  double margin_ratio = kAbsent;      // MM / equity
  double from_size = kAbsent;         // FLIPS_POSITION: the position's size before and after
  double to_size = kAbsent;
  const char* status_before = nullptr;  // statuses (kMarginStatusNames), for changes of status
  const char* status_after = nullptr;
};

struct TradePreview {
  AccountRisk before;
  AccountRisk after;
  std::vector<LiquidationLevels> liquidation_before;  // cross: per underlying; isolated: per position
  std::vector<LiquidationLevels> liquidation_after;
  bool accepted = false;
  std::string reject_reason;  // empty when accepted; else a warning code
  std::vector<PreviewWarning> warnings;
  double max_size = 0.0;       // largest size of the first order (its side) still accepted
  double size_increment = 0.0;
  double top_up_usd = 0.0;     // collateral that would make a rejected preview acceptable
  std::string top_up_asset;    // in the first order's settlement asset
  double top_up_amount = 0.0;
  // When PreviewConfig::account_after: the account that `after` values (its collateral after the
  // orders, its positions in the order of after's rows), so that a caller never fills orders itself.
  std::optional<Account> account_after;
};

}  // namespace marginkit
