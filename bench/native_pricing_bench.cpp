// Native side of `npm run bench` (bench/run.mjs): times marginkit::price_batch, the same SoA kernel
// the wasm module's priceBatch calls, over the options bench/run.mjs generated, and writes the
// prices and Greeks back so run.mjs can compare them with wasm and the JS packages.
//
//   native_pricing_bench <inputs.bin> <outputs.bin> [timed runs = 9]
//
// inputs.bin (little-endian): "MKBIN001", uint64 count, then six float64 columns of `count` rows
// (underlying, strike, t, vol, rate, carry), then `count` int8 types (+1 call, -1 put).
// outputs.bin: "MKOUT001", uint64 count, then six float64 columns (price, delta, gamma, vega, theta,
// rho), annual units, linear settlement, bsm model (the kernel's defaults, as in the wasm run).
//
// Prints one JSON object on stdout. Only reports times; never judges them.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "pricing/price_batch.hpp"

namespace {

constexpr char kInputMagic[8] = {'M', 'K', 'B', 'I', 'N', '0', '0', '1'};
constexpr char kOutputMagic[8] = {'M', 'K', 'O', 'U', 'T', '0', '0', '1'};
constexpr int kInputColumns = 6;
constexpr int kOutputColumns = 6;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "native_pricing_bench: %s\n", message.c_str());
  std::exit(1);
}

void read_exact(std::ifstream& in, void* data, std::size_t bytes, const char* what) {
  in.read(static_cast<char*>(data), static_cast<std::streamsize>(bytes));
  if (!in || static_cast<std::size_t>(in.gcount()) != bytes) die(std::string("short read: ") + what);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) die("usage: native_pricing_bench <inputs.bin> <outputs.bin> [timed runs]");
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 9;

  std::ifstream in(argv[1], std::ios::binary);
  if (!in) die(std::string("cannot open ") + argv[1]);
  char magic[8];
  std::uint64_t count = 0;
  read_exact(in, magic, sizeof magic, "magic");
  if (std::memcmp(magic, kInputMagic, sizeof magic) != 0) die("not a marginkit bench input file");
  read_exact(in, &count, sizeof count, "count");
  const std::size_t n = static_cast<std::size_t>(count);

  std::vector<double> columns(kInputColumns * n);
  std::vector<std::int8_t> types(n);
  read_exact(in, columns.data(), columns.size() * sizeof(double), "input columns");
  read_exact(in, types.data(), types.size(), "types");

  marginkit::BatchInputs inputs;
  inputs.count = n;
  inputs.type = types.data();
  marginkit::BatchColumn* const input_columns[kInputColumns] = {
      &inputs.underlying, &inputs.strike, &inputs.t, &inputs.vol, &inputs.rate, &inputs.carry};
  for (int i = 0; i < kInputColumns; ++i) *input_columns[i] = {columns.data() + i * n, 1};

  std::vector<double> results(kOutputColumns * n);
  std::vector<std::int32_t> error_codes(n);
  const marginkit::BatchOutputs outputs{results.data(),         results.data() + n,
                                        results.data() + 2 * n, results.data() + 3 * n,
                                        results.data() + 4 * n, results.data() + 5 * n,
                                        error_codes.data()};

  // Warm-up: faults the output pages in and warms caches and branch predictors.
  const std::size_t invalid_rows = marginkit::price_batch(inputs, outputs);

  using clock = std::chrono::steady_clock;
  std::vector<double> run_ns;
  run_ns.reserve(static_cast<std::size_t>(runs));
  for (int run = 0; run < runs; ++run) {
    const auto start = clock::now();
    marginkit::price_batch(inputs, outputs);
    const auto stop = clock::now();
    run_ns.push_back(std::chrono::duration<double, std::nano>(stop - start).count());
  }
  std::vector<double> sorted = run_ns;
  std::sort(sorted.begin(), sorted.end());
  const double best = sorted.front();
  const double median = sorted.size() % 2 ? sorted[sorted.size() / 2]
                                          : 0.5 * (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]);

  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  if (!out) die(std::string("cannot create ") + argv[2]);
  out.write(kOutputMagic, sizeof kOutputMagic);
  out.write(reinterpret_cast<const char*>(&count), sizeof count);
  out.write(reinterpret_cast<const char*>(results.data()),
            static_cast<std::streamsize>(results.size() * sizeof(double)));
  if (!out) die(std::string("cannot write ") + argv[2]);

  std::printf("{\"count\":%zu,\"runs\":%d,\"invalidRows\":%zu,", n, runs, invalid_rows);
  std::printf("\"nsPerOption\":%.4f,\"nsPerOptionBest\":%.4f,\"nsPerOptionMedian\":%.4f,", median / n,
              best / n, median / n);
  std::printf("\"optionsPerSecond\":%.1f,", n / (median * 1e-9));
  std::printf("\"runMs\":[");
  for (std::size_t i = 0; i < run_ns.size(); ++i) std::printf("%s%.3f", i ? "," : "", run_ns[i] * 1e-6);
  std::printf("],\"compiler\":\"%s\"}\n", marginkit::bench::compiler_name().c_str());
  return 0;
}
