#pragma once
// Stress tests: the account revalued in markets moved by the documented rule
// (scenario/market_move.hpp), each move a whole new market -- index, forwards, smiles, futures
// and option marks, collateral priced by the coin, and time -- so that margins, status and
// every other figure are the engine's own in that market, in any margin mode.
#include <map>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "margin/account_risk.hpp"
#include "market/market_snapshot.hpp"
#include "scenario/market_move.hpp"

namespace marginkit {

struct StressMove {
  std::map<std::string, UnderlyingMove> underlyings;  // spot ratio and vol shock by underlying
  double days = 0.0;                                  // for the whole market
};

// `base` moved by `move`: per moved underlying the index, forwards and futures marks x the spot
// ratio, smile strikes x the ratio (the smile moves with the forward: sticky moneyness), every
// vol shocked (never below 1e-4, the zero-vol limit in effect) and a coin's collateral price x
// the ratio; every option mark re-priced at its implied vol, shocked, on the moved forward and
// the moved time; the valuation time moved by `days`. `field`: the move's JSON path, for errors
// (an underlying the market lacks; a position that would expire within the move).
Status moved_market(const Account& account, const MarketSnapshot& base, const StressMove& move,
                    const std::string& field, MarketSnapshot& out);

struct StressOutcome {
  AccountRisk risk;                     // the account in the moved market (rows included)
  std::vector<double> position_pnl_usd;  // per position: value moved - value now
  double pnl_usd = 0.0;                  // equity moved - equity now
};

Status stress_account(const Account& account, const MarketSnapshot& market, const RiskConfig& config,
                      const std::vector<StressMove>& moves, std::vector<StressOutcome>& out);

}  // namespace marginkit
