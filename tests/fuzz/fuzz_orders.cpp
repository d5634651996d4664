// libFuzzer target: parse_orders_json (src/io/json_input.hpp), the fuzz input being the orders
// document (one order object or an array of them). On success the parsed orders must meet the
// parser's own bounds (fuzz_support.hpp), and they are previewed on the sample account and market
// twice: one-shot (preview_json) and on the prepared sample account (prepared_preview_json,
// which must also give the same text when asked again). Outputs must meet the output invariants.
//   build:  scripts/fuzz.sh (or cmake -DMARGINKIT_FUZZ=ON with clang++, target fuzz_orders)
//   run:    npm run fuzz -- --seconds 600 orders
//   seeds:  tests/fuzz/corpus/orders/, dictionary tests/fuzz/json.dict
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marginkit;
  using namespace marginkit::fuzz;
  const std::string text = as_text(data, size);
  ScopedInputs inputs{{"orders", text}};
  std::vector<Order> orders;
  if (!parse_orders_json(text, orders).ok()) return 0;
  check_orders(orders);
  check_expiry_days(text, nullptr, orders, "orders");
  std::string out;
  if (succeeded(preview_json(kSampleAccount, kSampleMarket, text, kSampleConfig, out))) check_preview_output(out);
  run_prepared_preview(sample_prepared(), text, kSampleOptions);
  return 0;
}
