#pragma once
// The one list of error codes that cross into JavaScript. Codes are appended, never renamed or
// renumbered: JS callers switch on the string, and the numeric value is what the wasm returns.
// tests/js/error_codes.test.mjs checks that web/marginkit.d.ts lists exactly these names.
#include <cstdint>
#include <string_view>

namespace marginkit {

#define MARGINKIT_ERROR_CODES(X)                                                              \
  X(OK)                  /* no error */                                                     \
  X(INTERNAL)            /* a bug: an invariant of ours failed */                            \
  X(MISSING_FIELD)       /* a required field is absent */                                    \
  X(INVALID_TYPE)        /* a field has the wrong JS type (string for number, ...) */        \
  X(INVALID_ENUM)        /* a string field holds an unknown value ('type', 'model', ...) */  \
  X(NOT_FINITE)          /* NaN or +-Infinity */                                             \
  X(NON_POSITIVE)        /* zero or negative where a positive number is required */          \
  X(OUT_OF_RANGE)        /* finite but beyond the documented limits */                       \
  X(INSTRUMENT_EXPIRED)  /* time to expiry t <= 0 */                                         \
  X(PRICE_OUT_OF_BOUNDS) /* an option price outside its no-arbitrage bounds */               \
  X(NO_CONVERGENCE)      /* a solver stopped without meeting its tolerance */                \
  X(LENGTH_MISMATCH)     /* batch columns of unequal length */                               \
  X(WASM_LOAD_FAILED)    /* the .wasm could not be fetched, compiled or instantiated */      \
  X(INVALID_JSON)        /* malformed JSON text */                                           \
  X(INVALID_INSTRUMENT)  /* an instrument name or description that cannot be parsed */      \
  X(MISSING_MARKET_DATA) /* no price/vol/forward for an instrument's underlying */          \
  X(MISSING_ISOLATED_MARGIN) /* an isolated position without its assigned margin */         \
  X(DUPLICATE)           /* the same instrument, expiry, key or point given twice */         \
  X(UNSUPPORTED_FIELD)   /* a key an input object does not take */                           \
  X(INVALID_HANDLE)      /* a prepared account used after delete() */                        \
  X(NESTING_TOO_DEEP)    /* an input nested deeper than kMaxNestingDepth */                  \
  X(DOCUMENT_TOO_LARGE)  /* an input document longer than kMaxDocumentBytes */               \
  X(NON_FINITE_RESULT)   /* a bug: a result held NaN/Infinity and was withheld */

enum class ErrorCode : std::int32_t {
#define MARGINKIT_ENUM_ENTRY(name) name,
  MARGINKIT_ERROR_CODES(MARGINKIT_ENUM_ENTRY)
#undef MARGINKIT_ENUM_ENTRY
};

inline constexpr std::string_view kErrorCodeNames[] = {
#define MARGINKIT_NAME_ENTRY(name) #name,
    MARGINKIT_ERROR_CODES(MARGINKIT_NAME_ENTRY)
#undef MARGINKIT_NAME_ENTRY
};

inline constexpr std::size_t kErrorCodeCount = sizeof(kErrorCodeNames) / sizeof(kErrorCodeNames[0]);

constexpr std::string_view to_string(ErrorCode code) {
  return kErrorCodeNames[static_cast<std::size_t>(code)];
}

}  // namespace marginkit
