#pragma once
// Shared shapes for the Embind adapters: every adapter returns its status inline (code, field,
// message) so that web/src/ can throw one MarginKitError; nothing throws across the boundary.
#include <cstdint>
#include <string>

#include "common/status.hpp"

namespace marginkit::bindings {

struct StatusView {
  std::int32_t code = 0;
  std::string field;
  std::string message;
};

inline StatusView to_view(const Status& status) {
  return StatusView{static_cast<std::int32_t>(status.code), status.field, status.message};
}

// A JSON door's answer (registered once, in embind_margin.cpp): the result text when status is OK.
struct JsonResult {
  StatusView status;
  std::string json;
};

// JS passes heap offsets as numbers; wasm32 addresses fit in 32 bits.
template <class T>
T* heap_pointer(std::uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

}  // namespace marginkit::bindings
