#include "preview/portfolio.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "account/collateral.hpp"
#include "common/checks.hpp"

namespace marginkit {

namespace {

double default_increment(const Instrument& instrument) {
  if (instrument.is_option()) return 0.01;
  if (instrument.is_inverse()) return 10.0;
  return 0.0001;
}

// No position grows or flips (sizes compared by instrument name).
bool is_risk_reducing(const Account& before, const Account& after) {
  std::map<std::string, double> old_sizes;
  for (const auto& q : before.positions) old_sizes[q.instrument.name] = q.size;
  for (const auto& p : after.positions) {
    const auto found = old_sizes.find(p.instrument.name);
    const double old_size = found == old_sizes.end() ? 0.0 : found->second;
    const bool grows = std::fabs(p.size) > std::fabs(old_size) + 1e-12;
    const bool flips = p.size * old_size < 0.0 || (old_size == 0.0 && p.size != 0.0);
    if (grows || flips) return false;
  }
  return true;
}

bool acceptable(MarginStatus status) {
  return status == MarginStatus::healthy || status == MarginStatus::warning;
}

// The part of an account an evaluation leaves out and holds fixed (the max-size search revalues
// only the order's own position and the collateral, not the whole book at every trial size).
struct FixedPart {
  MarginTotals totals;             // cross mode
  double isolated_margin_usd = 0.0;
  MarginStatus worst_isolated = MarginStatus::healthy;
};

struct Judgement {
  bool accepted = false;
  bool reduces_risk = false;
  double free_collateral_usd = 0.0;  // isolated mode: collateral not assigned to positions
  std::string overdrawn_asset;       // an asset the orders spend more of than the account holds
  double overdrawn_amount = 0.0;     // by how much, in units of the asset (> 0)
};

// Premiums and spot purchases are paid from balances: none may end below zero (there is no
// borrowing), whatever margin other collateral leaves.
void find_overdraft(const Account& before, const Account& after, Judgement& out) {
  for (const auto& balance : after.collateral) {
    if (balance.amount < -1e-12 && balance.amount < amount_held(before, balance.asset)) {
      out.overdrawn_asset = balance.asset;
      out.overdrawn_amount = -balance.amount;
      return;
    }
  }
}

// Rows by address, in the order of prepared.positions (see account_totals_from_rows).
using RowAddresses = std::vector<const PositionRisk*>;

RowAddresses addresses_of(const std::vector<PositionRisk>& rows) {
  RowAddresses addresses;
  addresses.reserve(rows.size());
  for (const auto& row : rows) addresses.push_back(&row);
  return addresses;
}

double total_isolated_margin_usd(const PreparedAccount& prepared, const RowAddresses& rows) {
  double total = 0.0;
  for (std::size_t i = 0; i < prepared.positions.size(); ++i) {
    total += isolated_margin_usd(*prepared.positions[i].position, rows[i]->value.index);
  }
  return total;
}

// Judges an account after orders. `old_part` and `new_part`: the positions the orders touch and
// all collateral, before and after; `prepared`/`rows`/`risk`: the part being judged (the whole
// account after, or in the max-size search only the order's position and the collateral), whose
// maintenance margin was `maintenance_before`; `fixed`: the rest of the account.
Judgement judge(const Account& old_part, const Account& new_part, double maintenance_before,
                const PreparedAccount& prepared, const RowAddresses& rows, const AccountRisk& risk,
                const FixedPart& fixed, const RiskConfig& config) {
  Judgement out;
  out.reduces_risk = is_risk_reducing(old_part, new_part) &&
                     risk.maintenance_margin_usd <= maintenance_before + 1e-9;
  MarginStatus status;
  if (new_part.mode == MarginMode::isolated) {
    // The isolated margins must come out of the collateral.
    out.free_collateral_usd = risk.collateral_usd - fixed.isolated_margin_usd - total_isolated_margin_usd(prepared, rows);
    status = std::max(fixed.worst_isolated, risk.status);
  } else {
    const MarginTotals whole = fixed.totals + risk.totals();
    status = classify(whole.equity, whole.initial, whole.maintenance, config.warning_ratio);
  }
  find_overdraft(old_part, new_part, out);
  out.accepted = out.overdrawn_asset.empty() &&
                 (out.reduces_risk || (acceptable(status) && out.free_collateral_usd >= -1e-9));
  return out;
}

// The positions of `account` named in `names`, and all its collateral.
Account part_of(const Account& account, const std::set<std::string>& names) {
  Account part;
  part.mode = account.mode;
  part.collateral = account.collateral;
  for (const auto& p : account.positions) {
    if (names.count(p.instrument.name)) part.positions.push_back(p);
  }
  return part;
}

// `totals` (an AccountRisk whose rows were taken out) with the rows asked for put back.
AccountRisk with_rows(AccountRisk totals, const std::vector<PositionRisk>& rows, PositionRows which,
                      const std::set<std::string>& changed) {
  for (const auto& row : rows) {
    if (which == PositionRows::all || (which == PositionRows::changed && changed.count(row.instrument))) {
      totals.positions.push_back(row);
    }
  }
  return totals;
}

// The same for the account after orders, from its rows by address: changed rows are those not
// kept from before (before_index < 0); in cross mode each row takes the account's status.
AccountRisk with_rows_after(AccountRisk totals, const RowAddresses& rows, const std::vector<std::ptrdiff_t>& before_index,
                            PositionRows which, MarginMode mode) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (which == PositionRows::all || (which == PositionRows::changed && before_index[i] < 0)) {
      totals.positions.push_back(*rows[i]);
      if (mode == MarginMode::cross) totals.positions.back().status = totals.status;
    }
  }
  return totals;
}

void add_warnings(const TradePreview& preview, const Judgement& judgement, const Account& old_part,
                  const Account& new_part, const PreviewConfig& options, std::vector<PreviewWarning>& warnings) {
  auto warn = [&](const std::string& code, const std::string& message) {
    warnings.push_back(PreviewWarning{code, message});
  };
  const AccountRisk& after = preview.after;
  if (after.status == MarginStatus::liquidation && preview.before.status != MarginStatus::liquidation) {
    warn("WOULD_TRIGGER_LIQUIDATION", "after the orders equity would be at or below maintenance margin");
  }
  if (after.status == MarginStatus::margin_call) {
    warn("INSUFFICIENT_INITIAL_MARGIN", "equity after the orders would be below initial margin by " +
                                            format_number(after.initial_margin_usd - after.equity_usd) + " USD");
    if (preview.before.status != MarginStatus::margin_call) {
      warn("WOULD_TRIGGER_MARGIN_CALL", "the account would enter margin call: only risk-reducing orders allowed");
    }
  }
  if (after.status == MarginStatus::warning) {
    warn("MARGIN_RATIO_WARNING", "maintenance margin would use " + format_number(after.margin_ratio * 100) +
                                     " % of equity");
  }
  for (const auto& levels : preview.liquidation_after) {
    for (const auto& level : levels.liquidation) {
      if (std::fabs(level.distance_percent) < options.liquidation_warning_percent) {
        warn("LIQUIDATION_PRICE_WITHIN_X_PERCENT",
             levels.underlying + " liquidation at " + format_number(level.price) + " USD, " +
                 format_number(level.distance_percent) + " % from the index");
        break;
      }
    }
  }
  warn(judgement.reduces_risk ? "REDUCES_RISK" : "INCREASES_RISK",
       judgement.reduces_risk ? "the orders lower maintenance margin and grow no position"
                              : "the orders add risk");
  for (const auto& p : new_part.positions) {
    for (const auto& q : old_part.positions) {
      if (q.instrument.name == p.instrument.name && q.size * p.size < 0.0) {
        warn("FLIPS_POSITION", p.instrument.name + " goes from " + format_number(q.size) + " to " +
                                   format_number(p.size));
      }
    }
  }
  if (!judgement.overdrawn_asset.empty()) {
    warn("INSUFFICIENT_BALANCE", "the orders spend " + format_number(judgement.overdrawn_amount) + " " +
                                     judgement.overdrawn_asset + " more than the account holds");
  }
}

// The largest step count in [0, max_steps] that `accepted` accepts: doubling, then bisection,
// on the assumption (true for the rule-based schedule) that beyond the first rejected count every
// larger one is rejected too.
template <class Accepted>
double largest_accepted(Accepted&& accepted, double max_steps) {
  double good = 0.0;
  double bad = 1.0;
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

// Top-up of a rejected preview: collateral (in the first order's settlement asset, or the
// overdrawn one) that makes the orders acceptable: the overdrawn balance, or the initial-margin
// shortfall, or (isolated) the collateral the new isolated margins lack.
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
    shortfall_usd = -judgement.free_collateral_usd;
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

}  // namespace

Status Portfolio::create(const Account& account, const MarketSnapshot& market, const PreviewConfig& config,
                         std::unique_ptr<Portfolio>& out) {
  std::unique_ptr<Portfolio> portfolio(new Portfolio());
  portfolio->account_ = account;
  portfolio->market_ = market;
  portfolio->config_ = config;
  if (auto s = prepare_account(portfolio->account_, portfolio->market_, portfolio->prepared_); !s.ok()) return s;
  portfolio->before_ = account_risk(portfolio->prepared_, config.risk);
  // The totals without the rows: copied with the rows set aside (a copy then clear() would keep
  // the rows' capacity, about 130 bytes per position, for nothing).
  std::vector<PositionRisk> rows = std::move(portfolio->before_.positions);
  portfolio->before_totals_ = portfolio->before_;
  portfolio->before_.positions = std::move(rows);
  if (config.liquidation_levels) {
    if (account.mode == MarginMode::cross) {
      portfolio->levels_before_ =
          cross_liquidation_levels(portfolio->prepared_, config.risk, &portfolio->points_before_);
      for (auto& part : portfolio->points_before_.parts) {  // kept: no room to grow
        part.second.x.shrink_to_fit();
        part.second.part.shrink_to_fit();
        part.second.maintenance_kinks.shrink_to_fit();
        part.second.initial_kinks.shrink_to_fit();
      }
    } else {
      for (const auto& p : portfolio->prepared_.positions) {
        portfolio->levels_before_.push_back(isolated_liquidation_levels(p, config.risk));
      }
    }
  }
  for (auto& group : portfolio->prepared_.positions_by_underlying) group.second.shrink_to_fit();
  out = std::move(portfolio);
  return Status::success();
}

Status Portfolio::preview(const std::vector<Order>& orders, const PreviewConfig& options, TradePreview& out) const {
  if (orders.empty()) {
    return Status::error(ErrorCode::MISSING_FIELD, "orders", "at least one order is required");
  }
  const RiskConfig& risk = config_.risk;
  TradePreview preview;

  // Only the ordered instruments' positions and the collateral change: take them out, apply the
  // orders to them alone, and put the result back among the untouched, already prepared rest.
  std::set<std::string> touched;
  for (const auto& order : orders) touched.insert(order.instrument.name);
  // Each order's fill price, its limit price or else the mark, found once (the max-size search
  // re-applies the first order many times). Valuing every instrument also checks that the market
  // can price it, with errors on orders[i].instrument whatever the order's price.
  std::vector<Order> priced = orders;
  for (std::size_t i = 0; i < priced.size(); ++i) {
    double mark = 0.0;
    if (auto s = instrument_mark(priced[i].instrument, market_, risk, "orders[" + std::to_string(i) + "]", mark);
        !s.ok()) {
      return s;
    }
    if (std::isnan(priced[i].price)) priced[i].price = mark;
  }
  const Account old_part = part_of(account_, touched);
  Account new_part;
  if (auto s = apply_orders(old_part, market_, priced, risk, new_part); !s.ok()) return s;
  PreparedAccount prepared_old, prepared_new;
  if (auto s = prepare_account_like(old_part, market_, &prepared_, prepared_old); !s.ok()) return s;
  if (auto s = prepare_account_like(new_part, market_, &prepared_, prepared_new); !s.ok()) return s;

  // The account after, prepared, positions in apply_orders' order: in place, new ones last.
  // Its `account` is new_part, of which only the margin mode is read.
  PreparedAccount after;
  after.account = &new_part;
  after.market = &market_;
  after.collateral = prepared_new.collateral;
  std::map<std::string, std::size_t> new_index;
  for (std::size_t i = 0; i < prepared_new.positions.size(); ++i) {
    new_index[prepared_new.positions[i].position->instrument.name] = i;
  }
  std::vector<char> from_new(prepared_new.positions.size(), 0);
  std::vector<std::ptrdiff_t> before_index;  // per after position: its index before, or -1
  for (std::size_t i = 0; i < prepared_.positions.size(); ++i) {
    const std::string& name = prepared_.positions[i].position->instrument.name;
    if (!touched.count(name)) {
      after.positions.push_back(prepared_.positions[i]);
      before_index.push_back(static_cast<std::ptrdiff_t>(i));
    } else if (const auto found = new_index.find(name); found != new_index.end()) {
      after.positions.push_back(prepared_new.positions[found->second]);
      from_new[found->second] = 1;
      before_index.push_back(-1);
    }
  }
  for (std::size_t i = 0; i < prepared_new.positions.size(); ++i) {
    if (!from_new[i]) {
      after.positions.push_back(prepared_new.positions[i]);
      before_index.push_back(-1);
    }
  }
  for (std::size_t i = 0; i < after.positions.size(); ++i) {
    after.positions_by_underlying[after.positions[i].position->instrument.underlying].push_back(i);
  }

  // Rows of untouched positions are the ones valued when the portfolio was made: summed where they
  // are, not copied (a copy per position and preview, names and all, for large books).
  std::vector<PositionRisk> new_rows;
  new_rows.reserve(prepared_new.positions.size());  // no reallocation: addresses are taken
  RowAddresses after_rows(after.positions.size());
  for (std::size_t i = 0; i < after.positions.size(); ++i) {
    if (before_index[i] >= 0) {
      after_rows[i] = &before_.positions[static_cast<std::size_t>(before_index[i])];
    } else {
      new_rows.push_back(position_risk(after.positions[i], risk, account_.mode));
      after_rows[i] = &new_rows.back();
    }
  }
  const AccountRisk after_risk = account_totals_from_rows(after, after_rows, risk);
  const Judgement judgement = judge(old_part, new_part, before_.maintenance_margin_usd, after, after_rows,
                                    after_risk, FixedPart{}, risk);
  preview.accepted = judgement.accepted;
  preview.before = with_rows(before_totals_, before_.positions, options.position_rows, touched);
  preview.after = with_rows_after(after_risk, after_rows, before_index, options.position_rows, account_.mode);

  if (config_.liquidation_levels) {
    preview.liquidation_before = levels_before_;
    if (account_.mode == MarginMode::cross) {
      preview.liquidation_after = cross_liquidation_levels_after(after, risk, points_before_, prepared_old, prepared_new);
    } else {
      // An untouched isolated position keeps its levels.
      for (std::size_t i = 0; i < after.positions.size(); ++i) {
        preview.liquidation_after.push_back(before_index[i] >= 0
                                                ? levels_before_[static_cast<std::size_t>(before_index[i])]
                                                : isolated_liquidation_levels(after.positions[i], risk));
      }
    }
  }

  add_warnings(preview, judgement, old_part, new_part, options, preview.warnings);
  if (!preview.accepted) {
    preview.reject_reason = !judgement.overdrawn_asset.empty() ? "INSUFFICIENT_BALANCE"
                            : after_risk.status == MarginStatus::liquidation ? "WOULD_TRIGGER_LIQUIDATION"
                                                                             : "INSUFFICIENT_INITIAL_MARGIN";
  }

  const Instrument& first = orders.front().instrument;
  if (auto s = fill_top_up(market_, account_.mode, after_risk, after_rows, judgement, first, preview); !s.ok()) {
    return s;
  }
  if (auto s = max_size(priced, touched, old_part, prepared_old, prepared_new, options, preview); !s.ok()) return s;
  out = std::move(preview);
  return Status::success();
}

Status Portfolio::max_size(const std::vector<Order>& priced, const std::set<std::string>& touched,
                           const Account& own, const PreparedAccount& prepared_old, const PreparedAccount& prepared_new,
                           const PreviewConfig& options, TradePreview& preview) const {
  const RiskConfig& risk = config_.risk;
  const Order& first = priced.front();
  // Only the ordered instruments' positions and the collateral change with the first order's
  // size (the other orders stay as given): the rest of the book is held fixed, as it was valued
  // when the portfolio was made.
  const double increment =
      std::isnan(options.size_increment) ? default_increment(first.instrument) : options.size_increment;
  preview.size_increment = increment;
  const AccountRisk own_risk = account_risk(prepared_old, risk);
  FixedPart fixed;
  fixed.totals = before_.totals() - own_risk.totals();
  if (account_.mode == MarginMode::isolated) {
    for (std::size_t i = 0; i < prepared_.positions.size(); ++i) {
      const Position& position = *prepared_.positions[i].position;
      if (touched.count(position.instrument.name)) continue;
      const PositionRisk& row = before_.positions[i];
      fixed.isolated_margin_usd += isolated_margin_usd(position, row.value.index);
      fixed.worst_isolated = std::max(fixed.worst_isolated, row.status);
    }
  }
  // steps x increment without binary noise (431 x 0.01 is 4.3100000000000005; 431 / 100 is 4.31).
  const double per_unit = std::round(1.0 / increment);
  const bool decimal_increment = increment < 1.0 && std::fabs(per_unit * increment - 1.0) < 1e-12;
  auto size_of = [&](double steps) { return decimal_increment ? steps / per_unit : steps * increment; };
  std::vector<Order> trial = priced;
  auto accepted_at = [&](double steps) {
    trial.front().size = size_of(steps);
    Account candidate;
    PreparedAccount prepared_candidate;
    if (!apply_orders(own, market_, trial, risk, candidate).ok()) return false;
    if (!prepare_account_like(candidate, market_, &prepared_new, prepared_candidate).ok()) return false;
    const AccountRisk candidate_risk = account_risk(prepared_candidate, risk);
    return judge(own, candidate, own_risk.maintenance_margin_usd, prepared_candidate,
                 addresses_of(candidate_risk.positions), candidate_risk, fixed, risk)
        .accepted;
  };
  // Sizes are capped at 1e12 contracts (and 2^50 steps, where step counts stay exact doubles):
  // an order accepted at every size reports the cap.
  const double good = largest_accepted(accepted_at, std::min(1e12 / increment, 1125899906842624.0));
  preview.max_size = size_of(good);
  return Status::success();
}

}  // namespace marginkit
