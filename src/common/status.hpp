#pragma once
// The core reports bad input as a value, never by throwing: the same code runs natively and in a
// wasm build without exception support, and JS callers need a stable code plus the path of the
// offending field (e.g. "vol" or "positions[3].strike"), not only a message.
#include <string>
#include <utility>

#include "common/error_code.hpp"

namespace marginkit {

struct Status {
  ErrorCode code = ErrorCode::OK;
  std::string field;    // JSON path of the offending input, empty when not about one field
  std::string message;  // readable, for people; never parse it

  bool ok() const { return code == ErrorCode::OK; }

  static Status success() { return {}; }
  static Status error(ErrorCode code, std::string field, std::string message) {
    return Status{code, std::move(field), std::move(message)};
  }
};

}  // namespace marginkit
