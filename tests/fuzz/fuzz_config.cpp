// libFuzzer target: the two config doors of src/io/json_input.hpp on the same fuzz input:
// parse_config_json (a prepared account's or a one-shot preview's MarginConfig) and
// parse_preview_options_json (prepared.preview's options, over the sample config). On success
// the parsed config must meet the parser's own bounds and the options must leave the settings
// fixed at preparation alone (fuzz_support.hpp); a config then goes through account_risk_json
// and preview_json with the sample account, market and order, options through a preview on the
// prepared sample account. Outputs must meet the output invariants.
//   build:  scripts/fuzz.sh (or cmake -DMARGINKIT_FUZZ=ON with clang++, target fuzz_config)
//   run:    npm run fuzz -- --seconds 600 config
//   seeds:  tests/fuzz/corpus/config/, dictionary tests/fuzz/json.dict
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marginkit;
  using namespace marginkit::fuzz;
  const std::string text = as_text(data, size);
  ScopedInputs inputs{{"config (and options)", text}};
  PreviewConfig config;
  if (parse_config_json(text, config).ok()) {
    check_config(config);
    run_request(kSampleAccount, kSampleMarket, kSampleOrders, text);
  }
  const PreparedAccountPreview& prepared = sample_prepared();
  PreviewConfig options;
  if (parse_preview_options_json(text, prepared.config(), options).ok()) {
    check_preview_options(options, "options");
    const PreviewConfig& base = prepared.config();
    MK_FUZZ_CHECK(options.liquidation_levels == base.liquidation_levels &&
                      options.risk.warning_ratio == base.risk.warning_ratio &&
                      options.risk.schedule.options.initial_base == base.risk.schedule.options.initial_base &&
                      options.risk.schedule.futures.tier_size == base.risk.schedule.futures.tier_size,
                  "options changed a setting fixed at preparation");
    run_prepared_preview(prepared, kSampleOrders, text);
  }
  return 0;
}
