// libFuzzer target: parse_account_json (src/io/json_input.hpp), the fuzz input being the account
// document. On success the parsed account must meet the parser's own bounds (fuzz_support.hpp),
// and the account goes through account_risk_json and preview_json with the sample market, order
// and config, whose outputs must meet the output invariants.
//   build:  scripts/fuzz.sh (or cmake -DMARGINKIT_FUZZ=ON with clang++, target fuzz_account)
//   run:    npm run fuzz -- --seconds 600 account
//   seeds:  tests/fuzz/corpus/account/, dictionary tests/fuzz/json.dict
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marginkit;
  using namespace marginkit::fuzz;
  const std::string text = as_text(data, size);
  ScopedInputs inputs{{"account", text}};
  Account account;
  if (!parse_account_json(text, account).ok()) return 0;
  check_account(account);
  check_expiry_days(text, "positions", account.positions, "account.positions");
  run_request(text, kSampleMarket, kSampleOrders, kSampleConfig);
  return 0;
}
