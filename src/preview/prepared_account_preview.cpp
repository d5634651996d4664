#include "preview/prepared_account_preview.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "portfolio/derive_pm2_account.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "portfolio/portfolio_rest.hpp"
#include "preview/acceptance.hpp"
#include "preview/orders.hpp"
#include "preview/sizing.hpp"

namespace marginkit {

namespace {

// The account after orders, prepared: the positions of `before` not named in `touched` as they
// were prepared, the touched ones from `changed` (the touched part after the orders, with all
// collateral), in apply_orders' order: in place, new ones last. Its `account` is changed's, of
// which only the margin mode is read. `before_index`: per position after, its index in `before`,
// or -1 when the orders changed it.
PreparedAccount prepared_after(const PreparedAccount& before, const std::set<std::string>& touched,
                               const PreparedAccount& changed, std::vector<std::ptrdiff_t>& before_index) {
  PreparedAccount after;
  after.account = changed.account;
  after.market = changed.market;
  after.collateral = changed.collateral;
  std::map<std::string, std::size_t> new_index;
  for (std::size_t i = 0; i < changed.positions.size(); ++i) {
    new_index[changed.positions[i].position->instrument.name] = i;
  }
  std::vector<char> from_new(changed.positions.size(), 0);
  before_index.clear();
  for (std::size_t i = 0; i < before.positions.size(); ++i) {
    const std::string& name = before.positions[i].position->instrument.name;
    if (!touched.count(name)) {
      after.positions.push_back(before.positions[i]);
      before_index.push_back(static_cast<std::ptrdiff_t>(i));
    } else if (const auto found = new_index.find(name); found != new_index.end()) {
      after.positions.push_back(changed.positions[found->second]);
      from_new[found->second] = 1;
      before_index.push_back(-1);
    }
  }
  for (std::size_t i = 0; i < changed.positions.size(); ++i) {
    if (!from_new[i]) {
      after.positions.push_back(changed.positions[i]);
      before_index.push_back(-1);
    }
  }
  for (std::size_t i = 0; i < after.positions.size(); ++i) {
    after.positions_by_underlying[after.positions[i].position->instrument.underlying].push_back(i);
  }
  return after;
}

// The account a prepared account values, in the order it values it (its collateral is its
// account's, in that order), into an empty `out`: for the account after orders, the collateral
// after them and the positions in the order of its rows, so that valuing it again adds the same
// figures in the same order.
void account_of(const PreparedAccount& prepared, Account& out) {
  out.mode = prepared.account->mode;
  out.collateral = prepared.account->collateral;
  for (const PreparedPosition& p : prepared.positions) out.positions.push_back(*p.position);
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
      if (mode != MarginMode::isolated) totals.positions.back().status = totals.status;
    }
  }
  return totals;
}

// A portfolio requirement's P&L matrix is per position, as the rows are: its columns (and the
// groups' instruments, positions and so bindingPnl) follow the rows asked for. `changed`: the
// ordered instruments.
void keep_portfolio_columns(AccountRisk& risk, PositionRows which, const std::set<std::string>& changed) {
  if (!risk.portfolio || which == PositionRows::all) return;
  auto kept = std::make_shared<PortfolioMargin>();
  kept->initial_usd = risk.portfolio->initial_usd;
  kept->maintenance_usd = risk.portfolio->maintenance_usd;
  for (const PortfolioGroup& group : risk.portfolio->groups) {
    // Field by field (a whole copy, matrix and all, then filtered, was 1 KB more of wasm).
    PortfolioGroup& g = kept->groups.emplace_back();
    g.underlying = group.underlying;
    g.currency = group.currency;
    g.currency_usd = group.currency_usd;
    g.scenarios = group.scenarios;
    g.scenario_pnl = group.scenario_pnl;
    g.binding = group.binding;
    g.binding_part = group.binding_part;
    g.additive = group.additive;
    g.worst_case = group.worst_case;
    g.roll_shock = group.roll_shock;
    g.basis_shock = group.basis_shock;
    g.contingencies = group.contingencies;
    g.maintenance_contingencies = group.maintenance_contingencies;
    g.short_option_minimum = group.short_option_minimum;
    g.initial = group.initial;
    g.maintenance = group.maintenance;
    g.initial_usd = group.initial_usd;
    g.maintenance_usd = group.maintenance_usd;
    // The kept columns, looked up once (not once per scenario: 35 x 200 string lookups a group).
    const std::size_t count = group.instruments.size();
    std::vector<std::size_t> columns;
    for (std::size_t i = 0; i < count && which == PositionRows::changed; ++i) {
      if (!changed.count(group.instruments[i])) continue;
      columns.push_back(i);
      g.positions.push_back(group.positions[i]);
      g.instruments.push_back(group.instruments[i]);
    }
    for (std::size_t s = 0; group.additive && s < group.scenarios.size(); ++s) {
      for (std::size_t i : columns) g.pnl.push_back(group.pnl[s * count + i]);
    }
  }
  risk.portfolio = std::move(kept);
}

}  // namespace

Status PreparedAccountPreview::create(const Account& account, const MarketSnapshot& market,
                                      const PreviewConfig& config, std::unique_ptr<PreparedAccountPreview>& out) {
  if (account.mode == MarginMode::portfolio && config.risk.portfolio.derive_pm2) {
    if (auto s = check_derive_pm2_account(account); !s.ok()) return s;
  }
  std::unique_ptr<PreparedAccountPreview> made(new PreparedAccountPreview());
  made->account_ = account;
  made->market_ = market;
  made->config_ = config;
  if (auto s = prepare_account(made->account_, made->market_, made->prepared_); !s.ok()) return s;
  if (account.mode == MarginMode::portfolio) made->pnl_rows_ = position_pnls(made->prepared_, config.risk.portfolio);
  made->before_ = account_risk(made->prepared_, config.risk);
  // The totals without the rows: copied with the rows set aside (a copy then clear() would keep
  // the rows' capacity, about 130 bytes per position, for nothing).
  std::vector<PositionRisk> rows = std::move(made->before_.positions);
  made->before_totals_ = made->before_;
  made->before_.positions = std::move(rows);
  if (config.liquidation_levels) {
    if (account.mode == MarginMode::portfolio) {
      made->levels_before_ = portfolio_liquidation_levels(made->prepared_, config.risk, &made->points_before_);
    } else if (account.mode == MarginMode::cross) {
      made->levels_before_ =
          cross_liquidation_levels(made->prepared_, config.risk, &made->points_before_);
      for (auto& part : made->points_before_.parts) {  // kept: no room to grow
        part.second.x.shrink_to_fit();
        part.second.part.shrink_to_fit();
        part.second.maintenance_kinks.shrink_to_fit();
        part.second.initial_kinks.shrink_to_fit();
      }
    } else {
      for (const auto& p : made->prepared_.positions) {
        made->levels_before_.push_back(isolated_liquidation_levels(p, config.risk));
      }
    }
  }
  for (auto& group : made->prepared_.positions_by_underlying) group.second.shrink_to_fit();
  out = std::move(made);
  return Status::success();
}

Status PreparedAccountPreview::preview(const std::vector<Order>& orders, const PreviewConfig& options, TradePreview& out) const {
  if (orders.empty()) {
    return Status::error(ErrorCode::MISSING_FIELD, "orders", "at least one order is required");
  }
  const RiskConfig& risk = config_.risk;
  TradePreview preview;

  // Only the ordered instruments' positions and the collateral change: take them out, apply the
  // orders to them alone, and put the result back among the untouched, already prepared rest.
  const std::set<std::string> touched = ordered_instruments(orders);
  // Fill prices found once: the max-size search re-applies the first order many times.
  std::vector<Order> priced;
  if (auto s = price_orders(orders, market_, risk, priced); !s.ok()) return s;
  const Account old_part = part_of(account_, touched);
  Account new_part;
  if (auto s = apply_orders(old_part, market_, priced, risk, new_part); !s.ok()) return s;
  PreparedAccount prepared_old, prepared_new;
  if (auto s = prepare_account_like(old_part, market_, &prepared_, prepared_old); !s.ok()) return s;
  if (auto s = prepare_account_like(new_part, market_, &prepared_, prepared_new); !s.ok()) return s;

  std::vector<std::ptrdiff_t> before_index;
  const PreparedAccount after = prepared_after(prepared_, touched, prepared_new, before_index);
  if (options.account_after) account_of(after, preview.account_after.emplace());

  // Rows of untouched positions are the ones valued when the account was prepared: summed where they
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
  // Portfolio mode: the kept positions' P&L vectors, the changed ones' valued afresh.
  PnlAddresses after_pnl;
  const bool keeps_pnl = account_.mode == MarginMode::portfolio && adds_up(risk.portfolio);
  if (keeps_pnl) {
    after_pnl.resize(after.positions.size(), nullptr);
    for (std::size_t i = 0; i < after.positions.size(); ++i) {
      if (before_index[i] >= 0) after_pnl[i] = &pnl_rows_[static_cast<std::size_t>(before_index[i])];
    }
  }
  const AccountRisk after_risk =
      account_totals_from_rows(after, after_rows, risk, keeps_pnl ? &after_pnl : nullptr);
  AccountRisk judged = after_risk;  // totals only: no rows to copy
  if (account_.mode == MarginMode::isolated) {
    judged.status = MarginStatus::healthy;
    for (const PositionRisk& row : new_rows) judged.status = std::max(judged.status, row.status);
  }
  const Judgement judgement =
      judge(old_part, new_part, before_.maintenance_margin_usd, after, judged, RestOfAccount{}, risk);
  preview.accepted = judgement.accepted;
  preview.before = with_rows(before_totals_, before_.positions, options.position_rows, touched);
  preview.after = with_rows_after(after_risk, after_rows, before_index, options.position_rows, account_.mode);
  keep_portfolio_columns(preview.before, options.position_rows, touched);
  keep_portfolio_columns(preview.after, options.position_rows, touched);

  if (config_.liquidation_levels) {
    preview.liquidation_before = levels_before_;
    if (account_.mode == MarginMode::portfolio) {
      preview.liquidation_after =
          portfolio_liquidation_levels_after(after, risk, points_before_, prepared_old, prepared_new);
    } else if (account_.mode == MarginMode::cross) {
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

  const WarningInputs warning_inputs{preview, judgement, after_rows, account_.mode};
  add_warnings(warning_inputs, old_part, new_part, options, preview.warnings);
  if (!preview.accepted) {
    const PreviewWarningCode reason = reject_reason(judgement, judged);
    preview.reject_reason = to_string(reason);
    warn_reject_reason(reason, warning_inputs, preview.warnings);
  }

  const Instrument& first = orders.front().instrument;
  if (auto s = fill_top_up(market_, account_.mode, after_risk, after_rows, judgement, first, preview); !s.ok()) {
    return s;
  }
  if (account_.mode == MarginMode::portfolio) {
    // A portfolio requirement does not add up, but its P&L vectors do: at each trial size the
    // search values the ordered instruments' positions and adds their vectors to the rest's sums.
    const AccountRisk own_risk = account_risk(prepared_old, risk);
    const PortfolioRest portfolio_rest(prepared_, pnl_rows_, touched, risk.portfolio);
    RestOfAccount rest = rest_of_account(prepared_, before_, own_risk, touched);
    rest.totals.initial = 0.0;  // the requirement judged is the whole account's (portfolio_rest)
    rest.totals.maintenance = 0.0;
    rest.portfolio = &portfolio_rest;
    // Trial parts valued as in cross mode: their own portfolio requirement is not wanted (the
    // whole account's replaces it), and the mode changes nothing else in a part's valuation.
    Account own = old_part;
    own.mode = MarginMode::cross;
    fill_max_size(priced, own, before_.maintenance_margin_usd, prepared_new, rest, market_, risk, options, preview);
  } else {
    // The max-size search revalues only the part the orders touch, at each trial size; the rest of
    // the book is held as it was valued when the account was prepared (standard margin adds up).
    const AccountRisk own_risk = account_risk(prepared_old, risk);
    fill_max_size(priced, old_part, own_risk.maintenance_margin_usd, prepared_new,
                  rest_of_account(prepared_, before_, own_risk, touched), market_, risk, options, preview);
  }
  out = std::move(preview);
  return Status::success();
}

}  // namespace marginkit
