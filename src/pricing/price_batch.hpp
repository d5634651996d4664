#pragma once
// Many options in one call, as columns (structure of arrays): one JS-to-wasm crossing and no
// allocation per option. A column with stride 0 broadcasts one value to every row.
//
// One bad row does not sink the others: its outputs are NaN and its error code (ErrorCode as
// int32) is written to `error_code`; good rows get 0 (OK).
#include <cstddef>
#include <cstdint>

#include "pricing/option_spec.hpp"

namespace marginkit {

struct BatchColumn {
  const double* data = nullptr;
  std::size_t stride = 1;  // 0: the same value for every row
  double at(std::size_t row) const { return data[row * stride]; }
};

struct BatchInputs {
  std::size_t count = 0;
  const std::int8_t* type = nullptr;  // +1 call, -1 put, one per row
  BatchColumn underlying, strike, t, vol, rate, carry;
  PricingModel model = PricingModel::bsm;
  Settlement settlement = Settlement::linear;
  GreekUnits units = GreekUnits::annual;
};

// Each pointer addresses `count` doubles (int32 for error_code).
struct BatchOutputs {
  double* price = nullptr;
  double* delta = nullptr;
  double* gamma = nullptr;
  double* vega = nullptr;
  double* theta = nullptr;
  double* rho = nullptr;
  std::int32_t* error_code = nullptr;
};

// Returns the number of rows that failed validation.
std::size_t price_batch(const BatchInputs& inputs, const BatchOutputs& outputs);

}  // namespace marginkit
