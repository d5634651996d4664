#pragma once
// Sorting for the short lists of this library (vol points of a market, forwards, a handful of
// roots), which arrive sorted or nearly so. An insertion sort: linear on sorted input, and one
// std::sort instantiation per element type would cost several KB of wasm each.
#include <utility>

namespace marginkit {

template <class Iterator, class Less>
void small_sort(Iterator first, Iterator last, Less less) {
  if (first == last) return;
  for (Iterator next = first + 1; next != last; ++next) {
    auto value = std::move(*next);
    Iterator hole = next;
    while (hole != first && less(value, *(hole - 1))) {
      *hole = std::move(*(hole - 1));
      --hole;
    }
    *hole = std::move(value);
  }
}

template <class Iterator>
void small_sort(Iterator first, Iterator last) {
  small_sort(first, last, [](const auto& a, const auto& b) { return a < b; });
}

}  // namespace marginkit
