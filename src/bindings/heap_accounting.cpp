// The wasm module's operator new and delete: malloc and free, counting the heap bytes held by
// C++ objects (each block's usable size plus emmalloc's 8-byte header), so that a prepared
// account can say what it holds (api_margin.cpp measures the count around its creation;
// web/src/margin.mjs tells the JS engine about that much memory). The array, nothrow and sized
// forms of libc++ call these two.
#include <malloc.h>

#include <cstdlib>
#include <new>

#include "bindings/heap_accounting.hpp"

namespace marginkit::bindings {
namespace {

constexpr std::size_t kBlockHeader = 8;  // emmalloc's region header and footer (wasm32)
std::size_t live_bytes = 0;

}  // namespace

std::size_t heap_bytes_in_use() { return live_bytes; }

}  // namespace marginkit::bindings

// Not inlined: with link-time optimisation, malloc inlined into a caller that zeroes the block
// becomes a call to calloc, which the link then lacks.
__attribute__((noinline)) void* operator new(std::size_t size) {
  void* block = nullptr;
  while ((block = std::malloc(size == 0 ? 1 : size)) == nullptr) {
    // As libc++'s: the new-handler, else out of memory (no exceptions in this build: abort).
    if (const std::new_handler handler = std::get_new_handler()) {
      handler();
    } else {
      std::abort();
    }
  }
  marginkit::bindings::live_bytes += malloc_usable_size(block) + marginkit::bindings::kBlockHeader;
  return block;
}

__attribute__((noinline)) void operator delete(void* block) noexcept {
  if (block == nullptr) return;
  marginkit::bindings::live_bytes -= malloc_usable_size(block) + marginkit::bindings::kBlockHeader;
  std::free(block);
}
