#pragma once
// Heap bytes held by C++ objects in the wasm module (heap_accounting.cpp replaces operator new
// and delete to count them): what a prepared account holds is the change across its creation.
#include <cstddef>

namespace marginkit::bindings {

std::size_t heap_bytes_in_use();

}  // namespace marginkit::bindings
