// position_pnl, the work of every portfolio requirement (a position valued in each scenario),
// optimised for speed; the rest of scenario_pnl.hpp (scenario_pnl.cpp) is compiled for size.
#include <cmath>
#include <limits>

#include "portfolio/requirement.hpp"
#include "portfolio/scenario_pnl.hpp"

namespace marginkit {

namespace {

// Coins of a future or perpetual at its mark moved by `ratio` (inverse ones are sized in USD).
double futures_coins(const PreparedPosition& p, double ratio) {
  if (p.is_option() || p.kind == InstrumentKind::spot) return 0.0;
  return p.is_inverse() ? std::fabs(p.size) / (p.base_mark * ratio) : std::fabs(p.size);
}

const VolShock kNoShock{};

}  // namespace

void position_pnl(const PreparedPosition& p, const ShockTerms& terms, const ScenarioMoves& moves,
                  double coin_index, double min_annualised_move, PositionPnl& out) {
  const std::size_t count = moves.scenarios.size();
  out.pnl.resize(count);
  out.coin_index = coin_index;
  const double base_usd = currency_usd(coin_index, moves.base_ratio);
  const bool option = p.is_option();
  const double base_vol = option ? option_vol_at(p, moves.base_ratio) : 0.0;
  const double base_value =
      moved_value_usd(p, moves.base_ratio, moves.log_base_ratio, base_vol, kNoShock, 1.0) / base_usd;
  out.roll_shock = min_annualised_move * futures_coins(p, moves.base_ratio);
  out.short_coins = short_option_coins(option, p.size);
  // Scenarios come in runs of one spot move (vol down, none, up): the vol at a spot ratio is read
  // once per run.
  double vol_ratio = std::numeric_limits<double>::quiet_NaN(), vol = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const Scenario& scenario = moves.scenarios[s];
    // Deribit's extended table is for options (far out-of-the-money shorts); futures are linear
    // and the grid bounds them.
    if (scenario.options_only && !option) {
      out.pnl[s] = 0.0;
      continue;
    }
    const double ratio = moves.spot_ratio[s];
    if (option && ratio != vol_ratio) {
      vol = option_vol_at(p, ratio);
      vol_ratio = ratio;
    }
    const bool up = scenario.vol == VolState::up, down = scenario.vol == VolState::down;
    const VolShock& shock = up ? moves.vol_up : down ? moves.vol_down : kNoShock;
    const double term = up ? terms.up : down ? terms.down : 1.0;
    out.pnl[s] = moved_value_usd(p, ratio, moves.log_ratio[s], vol, shock, term) / currency_usd(coin_index, ratio) -
                 base_value;
  }
}

}  // namespace marginkit
