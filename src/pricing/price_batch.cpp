#include "pricing/price_batch.hpp"

#include <limits>

#include "common/checks.hpp"
#include "pricing/price_option.hpp"

namespace marginkit {

namespace {

// The six outputs of one row.
void store_row(const BatchOutputs& out, std::size_t row, const Greeks& g) {
  out.price[row] = g.price;
  out.delta[row] = g.delta;
  out.gamma[row] = g.gamma;
  out.vega[row] = g.vega;
  out.theta[row] = g.theta;
  out.rho[row] = g.rho;
}

OptionSpec spec_of_row(const BatchInputs& in, std::size_t row) {
  OptionSpec spec;
  spec.model = in.model;
  spec.settlement = in.settlement;
  spec.units = in.units;
  spec.type = static_cast<OptionType>(in.type[row]);
  spec.underlying = in.underlying.at(row);
  spec.strike = in.strike.at(row);
  spec.t = in.t.at(row);
  spec.vol = in.vol.at(row);
  spec.rate = in.rate.at(row);
  spec.carry = in.carry.at(row);
  return spec;
}

// Rows [first, first + rows), rows <= kLanes, priced together (generalized_black_scholes), then
// stored, or NaN and their error code where a row is invalid. Invalid rows are priced too (garbage
// in, NaN or garbage out, no undefined behaviour) and overwritten: no branch in the common case.
// The last rows of a batch fill the lanes they leave empty with copies of their first row, whose
// results are dropped: one copy of the kernel in the module rather than two.
//
// The kernel itself computes bsm's rho, in USD and annual units: black76's rho (-t price), inverse
// settlement and trader units are applied afterwards to the stored rows, behind one branch for
// the batch. Left inside the kernel as per-row choices, the compiler computed both sides of each
// (divisions included) and selected: about 3 ns of 41 per option in wasm.
// Lanes: a prototype of this kernel in wasm (node 20) took about 42, 37, 34 and 35 ns per option
// with 1, 2, 4 and 8.
constexpr std::size_t kLanes = 4;

std::size_t price_rows(const BatchInputs& in, const BatchOutputs& out, std::size_t first,
                       std::size_t rows) {
  BlackScholesInputs inputs[kLanes];
  bool valid[kLanes];
  for (std::size_t j = 0; j < kLanes; ++j) {
    const OptionSpec spec = spec_of_row(in, first + (j < rows ? j : 0));
    valid[j] = obviously_valid(spec);
    inputs[j] = black_scholes_inputs(spec);
  }
  std::size_t invalid_rows = 0;
  generalized_black_scholes(inputs, /*rho_moves_carry=*/true, [&](std::size_t j, const Greeks& g) {
    if (j >= rows) return;
    const std::size_t row = first + j;
    if (valid[j]) {
      store_row(out, row, g);
      if (out.error_code) out.error_code[row] = 0;
      return;
    }
    ++invalid_rows;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.price[row] = out.delta[row] = out.gamma[row] = nan;
    out.vega[row] = out.theta[row] = out.rho[row] = nan;
    if (out.error_code) {
      const Status status = validate_option(spec_of_row(in, row));
      out.error_code[row] = static_cast<std::int32_t>(status.ok() ? ErrorCode::INTERNAL : status.code);
    }
  });
  const bool black76_model = in.model == PricingModel::black76;
  if (black76_model || in.settlement != Settlement::linear || in.units != GreekUnits::annual) {
    for (std::size_t j = 0; j < rows; ++j) {
      if (!valid[j]) continue;
      const std::size_t row = first + j;
      Greeks g;
      g.price = out.price[row];
      g.delta = out.delta[row];
      g.gamma = out.gamma[row];
      g.vega = out.vega[row];
      g.theta = out.theta[row];
      g.rho = black76_model ? -inputs[j].t * g.price : out.rho[row];  // as generalized_black_scholes
      store_row(out, row, to_settlement_and_units(g, inputs[j].underlying, in.settlement, in.units));
    }
  }
  return invalid_rows;
}

}  // namespace

std::size_t price_batch(const BatchInputs& in, const BatchOutputs& out) {
  std::size_t invalid_rows = 0;
  for (std::size_t row = 0; row < in.count; row += kLanes) {
    invalid_rows += price_rows(in, out, row, in.count - row < kLanes ? in.count - row : kLanes);
  }
  return invalid_rows;
}

}  // namespace marginkit
