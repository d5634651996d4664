#include "preview/sizing.hpp"

#include <algorithm>
#include <cmath>

#include "account/collateral.hpp"
#include "portfolio/portfolio_rest.hpp"
#include "preview/orders.hpp"

namespace marginkit {

namespace {

// The step of the max-size search when none is given (see PreviewConfig::size_increment).
double default_increment(const Instrument& instrument) {
  if (instrument.is_option()) return 0.01;
  if (instrument.is_inverse()) return 10.0;
  return 0.0001;
}

// The largest step count in [0, max_steps] that `accepted` accepts: doubling from `known_good`
// (a count known to be accepted, or 0), then bisection, on the assumption (true for the
// rule-based schedule) that beyond the first rejected count every larger one is rejected too.
template <class Accepted>
double largest_accepted(Accepted&& accepted, double max_steps, double known_good) {
  double good = known_good;
  double bad = std::max(1.0, std::min(known_good * 2.0, max_steps));
  if (bad <= good) return good;
  while (accepted(bad)) {
    good = bad;
    if (bad >= max_steps) break;
    bad = std::min(bad * 2.0, max_steps);
  }
  if (good == bad) bad = good + 1.0;  // accepted up to the cap
  while (bad - good > 1.0) {
    const double mid = std::floor((good + bad) / 2.0);
    if (accepted(mid)) good = mid; else bad = mid;
  }
  return good;
}

}  // namespace

Status fill_top_up(const MarketSnapshot& market, MarginMode mode, const AccountRisk& after,
                   const RowAddresses& after_rows, const Judgement& judgement,
                   const Instrument& first, TradePreview& preview) {
  preview.top_up_asset = first.settlement_asset;
  if (preview.accepted) return Status::success();
  double asset_price = 1.0;
  if (!judgement.overdrawn_asset.empty()) preview.top_up_asset = judgement.overdrawn_asset;
  if (auto s = collateral_price(market, preview.top_up_asset, "orders[0].instrument", asset_price); !s.ok()) {
    return s;
  }
  double shortfall_usd = after.initial_margin_usd - after.equity_usd;
  if (mode == MarginMode::isolated) {
    shortfall_usd = 0.0;  // an overdrawn balance, margins assigned included, is added below
    for (const PositionRisk* p : after_rows) {
      shortfall_usd = std::max(shortfall_usd, p->value.initial_margin_usd - p->isolated_equity_usd);
    }
  }
  if (!judgement.overdrawn_asset.empty()) {
    shortfall_usd = std::max(shortfall_usd, judgement.overdrawn_amount * asset_price);
  }
  // A hair over the shortfall, so that adding it is accepted despite rounding.
  preview.top_up_usd = std::max(shortfall_usd, 0.0) * (1.0 + 1e-9) + 1e-9;
  preview.top_up_amount = preview.top_up_usd / asset_price;
  return Status::success();
}

void fill_max_size(const std::vector<Order>& priced, const Account& own, double own_maintenance,
                   const PreparedAccount& like, const RestOfAccount& rest, const MarketSnapshot& market,
                   const RiskConfig& risk, const PreviewConfig& options, TradePreview& preview) {
  const Order& first = priced.front();
  const double increment =
      std::isnan(options.size_increment) ? default_increment(first.instrument) : options.size_increment;
  preview.size_increment = increment;
  // steps x increment without binary noise (431 x 0.01 is 4.3100000000000005; 431 / 100 is 4.31).
  const double per_unit = std::round(1.0 / increment);
  const bool decimal_increment = increment < 1.0 && std::fabs(per_unit * increment - 1.0) < 1e-12;
  auto size_of = [&](double steps) { return decimal_increment ? steps / per_unit : steps * increment; };
  std::vector<Order> trial = priced;
  auto accepted_at = [&](double steps) {
    trial.front().size = size_of(steps);
    Account candidate;
    PreparedAccount prepared_candidate;
    if (!apply_orders(own, market, trial, risk, candidate).ok()) return false;
    if (!prepare_account_like(candidate, market, &like, prepared_candidate).ok()) return false;
    AccountRisk candidate_risk = account_risk(prepared_candidate, risk);
    if (rest.portfolio) {  // the whole account's requirement: the rest's vectors and the part's
      const MarginTotals whole = rest.portfolio->requirement_with(prepared_candidate);
      candidate_risk.initial_margin_usd = whole.initial;
      candidate_risk.maintenance_margin_usd = whole.maintenance;
    }
    return judge(own, candidate, own_maintenance, prepared_candidate, candidate_risk, rest, risk)
        .accepted;
  };
  // Sizes are capped at 1e12 contracts (and 2^50 steps, where step counts stay exact doubles):
  // an order accepted at every size reports the cap.
  const double max_steps = std::min(1e12 / increment, 1125899906842624.0);
  // An accepted order's own size (rounded down to the step) is accepted: the answer is never
  // below it, even where rounding makes acceptance not quite monotonic in size.
  double known_good = 0.0;
  if (preview.accepted) {
    const double own_steps = std::min(std::floor(first.size / increment * (1.0 + 1e-12)), max_steps);
    if (own_steps >= 1.0 && accepted_at(own_steps)) known_good = own_steps;
  }
  const double good = largest_accepted(accepted_at, max_steps, known_good);
  preview.max_size = size_of(good);
}

}  // namespace marginkit
