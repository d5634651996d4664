// Native side of the preview benchmark (bench/preview.mjs drives it): times
// marginkit::preview_json, the same JSON door the wasm module's mk.preview calls, on the inputs
// bench/preview.mjs generated, and splits one preview into its phases (parse, preview_trade with
// and without liquidation levels, JSON out) so the wasm figure can be read against them. Then
// the prepared account: prepare_json once (mk.prepare) and prepared_preview_json per order
// (prepared.preview).
//
//   native_preview_bench <min sample ms> <samples> <warm-ups> <prefix>...
//     for each prefix reads <prefix>.account.json, .market.json, .orders.json, .config.json and
//     .options.json (the prepared account's preview options), writes the previews' JSON to
//     <prefix>.native-out.json and .native-prepared-out.json, and prints one JSON object (all
//     cases) on stdout.
//   native_preview_bench --loop <seconds> <prefix>
//     calls preview_json on one case for that long: a steady workload for `perf record`.
//   native_preview_bench --loop-prepared <seconds> <prefix>
//     the same with prepared_preview_json on an account prepared once.
//   native_preview_bench --account-risk <runs> <prefix>...
//     (bench/scale.mjs) account_risk_json on <prefix>.account.json, .market.json, .config.json,
//     `runs` times after one warm-up, and once in phases; one JSON object on stdout.
//   native_preview_bench --loop-account-risk <seconds> <prefix>
//     account_risk_json on one case for that long, for `perf record`.
//
// Only reports times; never judges them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "common/error_code.hpp"
#include "io/json_api.hpp"
#include "io/json_input.hpp"
#include "io/json_output.hpp"
#include "liquidation/liquidation_price.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "preview/trade_preview.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "native_preview_bench: %s\n", message.c_str());
  std::exit(1);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Case {
  std::string prefix, account, market, orders, config, options;
};

Case load(const std::string& prefix) {
  return Case{prefix, read_file(prefix + ".account.json"), read_file(prefix + ".market.json"),
              read_file(prefix + ".orders.json"), read_file(prefix + ".config.json"),
              read_file(prefix + ".options.json")};
}

void check(const marginkit::Status& status, const std::string& what) {
  if (!status.ok()) {
    die(what + ": " + std::string(marginkit::to_string(status.code)) + " (" + status.field + "): " +
        status.message);
  }
}

double median_of(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const std::size_t m = xs.size() / 2;
  return xs.size() % 2 ? xs[m] : 0.5 * (xs[m - 1] + xs[m]);
}

struct Timing {
  double median_us = 0.0, best_us = 0.0;
  int reps = 1;
  std::vector<double> sample_us;  // per call, one entry per sample
};

// Calls fn in samples of `reps` calls, reps chosen so that one sample lasts >= min_sample_ms;
// reports microseconds per call.
Timing time_calls(const std::function<void()>& fn, double min_sample_ms, int samples, int warmups) {
  for (int i = 0; i < warmups; ++i) fn();
  Timing timing;
  const auto start = clock_type::now();
  fn();
  const double one_ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  timing.reps = std::max(1, static_cast<int>(min_sample_ms / std::max(one_ms, 1e-6)));
  for (int s = 0; s < samples; ++s) {
    const auto t0 = clock_type::now();
    for (int r = 0; r < timing.reps; ++r) fn();
    const double us = std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
    timing.sample_us.push_back(us / timing.reps);
  }
  timing.median_us = median_of(timing.sample_us);
  timing.best_us = *std::min_element(timing.sample_us.begin(), timing.sample_us.end());
  return timing;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void print_timing(const char* name, const Timing& t, bool last = false) {
  std::printf("\"%s\":{\"usMedian\":%.3f,\"usBest\":%.3f,\"reps\":%d,\"samplesUs\":[", name, t.median_us,
              t.best_us, t.reps);
  for (std::size_t i = 0; i < t.sample_us.size(); ++i) std::printf("%s%.3f", i ? "," : "", t.sample_us[i]);
  std::printf("]}%s", last ? "" : ",");
}

int loop(double seconds, const std::string& prefix, bool prepared) {
  const Case c = load(prefix);
  std::string out;
  std::unique_ptr<marginkit::PreparedAccountPreview> prepared_account;
  check(marginkit::prepare_json(c.account, c.market, c.config, prepared_account), prefix);
  const auto start = clock_type::now();
  long calls = 0;
  while (std::chrono::duration<double>(clock_type::now() - start).count() < seconds) {
    if (prepared) {
      check(marginkit::prepared_preview_json(*prepared_account, c.orders, c.options, out), prefix);
    } else {
      check(marginkit::preview_json(c.account, c.market, c.orders, c.config, out), prefix);
    }
    ++calls;
  }
  std::printf("{\"calls\":%ld,\"seconds\":%.3f}\n", calls, seconds);
  return 0;
}

double ms_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

// Processor time of this process (the machine is shared: wall time also counts other jobs).
double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

struct RiskCase {
  std::string prefix, account, market, config;
};

RiskCase load_risk_case(const std::string& prefix) {
  return RiskCase{prefix, read_file(prefix + ".account.json"), read_file(prefix + ".market.json"),
                  read_file(prefix + ".config.json")};
}

// account_risk_json, whole (median wall and processor time) and once in its phases (the functions
// prepare_json and prepared_risk_json call, wall time): milliseconds, one JSON object for
// bench/scale.mjs.
int account_risk_runs(int runs, int first, int argc, char** argv) {
  std::printf("{\"compiler\":%s,\"cases\":[", json_string(marginkit::bench::compiler_name()).c_str());
  for (int arg = first; arg < argc; ++arg) {
    const RiskCase c = load_risk_case(argv[arg]);
    std::string out;
    check(marginkit::account_risk_json(c.account, c.market, c.config, out), c.prefix);  // warm-up
    std::vector<double> total, total_cpu;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = clock_type::now();
      const double c0 = cpu_ms();
      check(marginkit::account_risk_json(c.account, c.market, c.config, out), c.prefix);
      total.push_back(ms_since(t0));
      total_cpu.push_back(cpu_ms() - c0);
    }
    auto t0 = clock_type::now();
    marginkit::Account account;
    marginkit::MarketSnapshot market;
    marginkit::PreviewConfig config;
    check(marginkit::parse_account_json(c.account, account), "account");
    check(marginkit::parse_market_json(c.market, market), "market");
    check(marginkit::parse_config_json(c.config, config), "config");
    const double parse = ms_since(t0);
    t0 = clock_type::now();
    marginkit::PreparedAccount prepared;
    check(marginkit::prepare_account(account, market, prepared), "prepare_account");
    const marginkit::AccountRisk risk = marginkit::account_risk(prepared, config.risk);
    const double prepare_and_risk = ms_since(t0);
    t0 = clock_type::now();
    const auto levels = marginkit::cross_liquidation_levels(prepared, config.risk);
    const double levels_ms = ms_since(t0);
    t0 = clock_type::now();
    std::string json;
    check(marginkit::account_risk_to_json(risk, levels, json), "account_risk_to_json");
    const double write = ms_since(t0);
    std::printf("%s{\"prefix\":%s,\"positions\":%zu,\"outputBytes\":%zu,\"totalMs\":%.3f,\"totalCpuMs\":%.3f,\"runsMs\":[",
                arg > first ? "," : "", json_string(c.prefix).c_str(), account.positions.size(), out.size(),
                median_of(total), median_of(total_cpu));
    for (std::size_t i = 0; i < total.size(); ++i) std::printf("%s%.3f", i ? "," : "", total[i]);
    std::printf("],\"phasesMs\":{\"parse\":%.3f,\"prepareAndRisk\":%.3f,\"levels\":%.3f,\"writeJson\":%.3f}}",
                parse, prepare_and_risk, levels_ms, write);
    std::fflush(stdout);
  }
  std::printf("]}\n");
  return 0;
}

int loop_account_risk(double seconds, const std::string& prefix) {
  const RiskCase c = load_risk_case(prefix);
  std::string out;
  const auto start = clock_type::now();
  long calls = 0;
  while (std::chrono::duration<double>(clock_type::now() - start).count() < seconds) {
    check(marginkit::account_risk_json(c.account, c.market, c.config, out), prefix);
    ++calls;
  }
  std::printf("{\"calls\":%ld,\"seconds\":%.3f}\n", calls, seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--account-risk") return account_risk_runs(std::max(1, std::atoi(argv[2])), 3, argc, argv);
  if (argc == 4 && std::string(argv[1]) == "--loop-account-risk") return loop_account_risk(std::atof(argv[2]), argv[3]);
  if (argc == 4 && std::string(argv[1]) == "--loop") return loop(std::atof(argv[2]), argv[3], false);
  if (argc == 4 && std::string(argv[1]) == "--loop-prepared") return loop(std::atof(argv[2]), argv[3], true);
  if (argc < 5) die("usage: native_preview_bench <min sample ms> <samples> <warm-ups> <prefix>...");
  const double min_sample_ms = std::max(0.0, std::atof(argv[1]));
  const int samples = std::max(1, std::atoi(argv[2]));
  const int warmups = std::max(0, std::atoi(argv[3]));

  std::printf("{\"compiler\":%s,\"cases\":[", json_string(marginkit::bench::compiler_name()).c_str());
  for (int arg = 4; arg < argc; ++arg) {
    const Case c = load(argv[arg]);
    std::string out;
    check(marginkit::preview_json(c.account, c.market, c.orders, c.config, out), c.prefix);
    {
      std::ofstream file(c.prefix + ".native-out.json", std::ios::binary | std::ios::trunc);
      file << out;
      if (!file) die("cannot write " + c.prefix + ".native-out.json");
    }

    // The whole door, as mk.preview calls it.
    const Timing total = time_calls([&] {
      check(marginkit::preview_json(c.account, c.market, c.orders, c.config, out), c.prefix);
    }, min_sample_ms, samples, warmups);

    // Its phases, through the same functions preview_json calls.
    marginkit::Account account;
    marginkit::MarketSnapshot market;
    std::vector<marginkit::Order> orders;
    marginkit::PreviewConfig config;
    const Timing parse = time_calls([&] {
      check(marginkit::parse_account_json(c.account, account), "account");
      check(marginkit::parse_market_json(c.market, market), "market");
      check(marginkit::parse_orders_json(c.orders, orders), "orders");
      check(marginkit::parse_config_json(c.config, config), "config");
    }, min_sample_ms, samples, warmups);
    marginkit::TradePreview preview;
    const Timing trade = time_calls([&] {
      check(marginkit::preview_trade(account, market, orders, config, preview), "preview_trade");
    }, min_sample_ms, samples, warmups);
    marginkit::PreviewConfig no_levels = config;
    no_levels.liquidation_levels = false;
    marginkit::TradePreview preview_no_levels;
    const Timing trade_no_levels = time_calls([&] {
      check(marginkit::preview_trade(account, market, orders, no_levels, preview_no_levels), "preview_trade");
    }, min_sample_ms, samples, warmups);
    // The prepared account, as mk.prepare(...) and prepared.preview(...) call it.
    std::unique_ptr<marginkit::PreparedAccountPreview> prepared_account;
    const Timing create = time_calls([&] {
      check(marginkit::prepare_json(c.account, c.market, c.config, prepared_account), "prepare_json");
    }, min_sample_ms, samples, warmups);
    std::string prepared_out;
    const Timing prepared_preview = time_calls([&] {
      check(marginkit::prepared_preview_json(*prepared_account, c.orders, c.options, prepared_out),
            "prepared_preview_json");
    }, min_sample_ms, samples, warmups);
    {
      std::ofstream file(c.prefix + ".native-prepared-out.json", std::ios::binary | std::ios::trunc);
      file << prepared_out;
      if (!file) die("cannot write " + c.prefix + ".native-prepared-out.json");
    }
    // Portfolio mode: the model's requirement alone (portfolio_margin on the prepared account,
    // every position valued in every scenario), the "portfolio margin of 200 positions".
    Timing portfolio;
    const bool portfolio_mode = account.mode == marginkit::MarginMode::portfolio;
    if (portfolio_mode) {
      marginkit::PreparedAccount prepared;
      check(marginkit::prepare_account(account, market, prepared), "prepare_account");
      portfolio = time_calls([&] {
        const marginkit::PortfolioMargin pm = marginkit::portfolio_margin(prepared, config.risk.portfolio);
        if (!(pm.maintenance_usd >= 0.0)) die("portfolio margin");
      }, min_sample_ms, samples, warmups);
    }
    std::string serialized;
    const Timing write = time_calls([&] { (void)marginkit::trade_preview_to_json(preview, serialized); },
                                    min_sample_ms, samples, warmups);

    std::printf("%s{\"prefix\":%s,\"positions\":%zu,\"outputBytes\":%zu,", arg > 4 ? "," : "",
                json_string(c.prefix).c_str(), account.positions.size(), out.size());
    print_timing("previewJson", total);
    print_timing("parse", parse);
    print_timing("previewTrade", trade);
    print_timing("previewTradeWithoutLevels", trade_no_levels);
    print_timing("writeJson", write);
    if (portfolio_mode) print_timing("portfolioMargin", portfolio);
    print_timing("preparedCreate", create);
    print_timing("preparedPreview", prepared_preview, true);
    std::printf(",\"preparedOutputBytes\":%zu", prepared_out.size());
    std::printf("}");
    std::fflush(stdout);
  }
  std::printf("]}\n");
  return 0;
}
