// libFuzzer target: the preview as a whole (src/io/json_api.hpp): account_risk_json,
// preview_json, and prepare_json + prepared_risk_json + prepared_preview_json.
//
// The fuzz input holds up to five documents, one after the other, separated by a line "---":
//   account \n---\n market \n---\n orders \n---\n config \n---\n options
// Documents left out at the end are the sample's (fuzz_support.hpp), so an input of one account
// previews the sample order on it in the sample market; the fuzzer may also change several
// documents together (a mark price for a position, an order on it). Checked on every input:
//   - every successful output meets the output invariants (fuzz_support.hpp);
//   - the doors agree: account_risk_json succeeds exactly when prepare_json does, with the
//     text of prepared_risk_json; preview_json's text equals prepared_preview_json's on the
//     same prepared account with no options (preview_json is documented as that); a preview with the
//     options document gives the same text when asked twice;
//   - accountAfter (check_account_after): asked for, it leaves the rest of the preview as it was,
//     and valued by account_risk_json it gives the preview's `after`.
//   build:  scripts/fuzz.sh (or cmake -DMARGINKIT_FUZZ=ON with clang++, target fuzz_preview)
//   run:    npm run fuzz -- --seconds 600 preview
//   seeds:  tests/fuzz/corpus/preview/, dictionary tests/fuzz/json.dict
#include <array>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marginkit;
  using namespace marginkit::fuzz;
  const std::string input = as_text(data, size);
  static const std::string kSeparator = "\n---\n";
  std::array<std::string, 5> doc{kSampleAccount, kSampleMarket, kSampleOrders, kSampleConfig, kSampleOptions};
  std::size_t start = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::size_t end = i + 1 < doc.size() ? input.find(kSeparator, start) : std::string::npos;
    doc[i] = input.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (end == std::string::npos) break;
    start = end + kSeparator.size();
  }
  const std::string& account = doc[0];
  const std::string& market = doc[1];
  const std::string& orders = doc[2];
  const std::string& config = doc[3];
  const std::string& options = doc[4];
  ScopedInputs inputs{{"account", account}, {"market", market}, {"orders", orders}, {"config", config}, {"options", options}};

  std::string risk;
  const bool risk_ok = succeeded(account_risk_json(account, market, config, risk));
  if (risk_ok) check_risk_output(risk);
  std::string preview;
  const bool preview_ok = succeeded(preview_json(account, market, orders, config, preview));
  if (preview_ok) check_preview_output(preview);
  MK_FUZZ_CHECK(risk_ok || !preview_ok, "preview_json succeeds where account_risk_json fails");

  std::unique_ptr<PreparedAccountPreview> prepared_account;
  const bool prepare_ok = succeeded(prepare_json(account, market, config, prepared_account));
  MK_FUZZ_CHECK(prepare_ok == risk_ok, "prepare_json and account_risk_json disagree on success");
  if (!prepare_ok) return 0;
  std::string prepared_risk;
  MK_FUZZ_CHECK(succeeded(prepared_risk_json(*prepared_account, prepared_risk)) && prepared_risk == risk,
                "prepared_risk_json differs from account_risk_json");
  std::string prepared;
  const bool prepared_ok = succeeded(prepared_preview_json(*prepared_account, orders, "", prepared));
  MK_FUZZ_CHECK(prepared_ok == preview_ok, "prepared_preview_json and preview_json disagree on success");
  MK_FUZZ_CHECK(prepared == preview, "prepared_preview_json (no options) differs from preview_json");
  if (preview_ok) check_account_after(*prepared_account, orders, market, config, preview);
  run_prepared_preview(*prepared_account, orders, options);
  return 0;
}
