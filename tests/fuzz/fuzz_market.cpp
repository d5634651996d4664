// libFuzzer target: parse_market_json (src/io/json_input.hpp), the fuzz input being the market
// document. On success the parsed market must meet the parser's own bounds (fuzz_support.hpp),
// and it goes through account_risk_json and preview_json with the sample account, order and
// config, whose outputs must meet the output invariants.
//   build:  scripts/fuzz.sh (or cmake -DMARGINKIT_FUZZ=ON with clang++, target fuzz_market)
//   run:    npm run fuzz -- --seconds 600 market
//   seeds:  tests/fuzz/corpus/market/, dictionary tests/fuzz/json.dict
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marginkit;
  using namespace marginkit::fuzz;
  const std::string text = as_text(data, size);
  ScopedInputs inputs{{"market", text}};
  MarketSnapshot market;
  if (!parse_market_json(text, market).ok()) return 0;
  check_market(market);
  run_request(kSampleAccount, text, kSampleOrders, kSampleConfig);
  return 0;
}
