file(REMOVE_RECURSE
  "CMakeFiles/native_pricing_bench.dir/native_pricing_bench.cpp.o"
  "CMakeFiles/native_pricing_bench.dir/native_pricing_bench.cpp.o.d"
  "native_pricing_bench"
  "native_pricing_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/native_pricing_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
