#pragma once
// Shared shapes for the wasm's C exports (src/bindings/api_*.cpp), which web/src/exports.mjs
// wraps: strings arrive as (UTF-8 bytes, length) in the wasm heap; every export returns its
// status code and leaves the rest of its answer (JSON text, the status's field and message,
// numbers) in the one reply block below, which the JS side reads before the next call. Nothing
// throws across the boundary.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.hpp"

#include <emscripten/em_macros.h>

// A C export of the module, exported to JS as _name (the link lists them: src/bindings/CMakeLists.txt).
#define MARGINKIT_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE

namespace marginkit::bindings {

// The reply block, as web/src/exports.mjs reads it (32-bit words, then doubles from byte 32).
struct ReplyView {
  std::uint32_t json = 0;  // address and length of each text, UTF-8
  std::uint32_t json_length = 0;
  std::uint32_t field = 0;
  std::uint32_t field_length = 0;
  std::uint32_t message = 0;
  std::uint32_t message_length = 0;
  std::int32_t handle = 0;  // _prepare
  std::int32_t unused = 0;
  double numbers[9] = {};  // _price: the Greeks; _impliedVol: the vol; _prepare: the bytes held
};

struct Reply {
  std::string json;
  std::string field;
  std::string message;
  ReplyView view;
};

Reply& reply();

// A fresh reply (the last one's texts freed) for the call beginning.
Reply& begin_reply();

// The call's status into the reply; its code, for the export to return.
std::int32_t finish(const Status& status);

inline std::string text(const char* bytes, std::size_t length) { return std::string(bytes, length); }

// JS passes heap offsets as numbers; wasm32 addresses fit in 32 bits.
template <class T>
T* heap_pointer(std::uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

}  // namespace marginkit::bindings
