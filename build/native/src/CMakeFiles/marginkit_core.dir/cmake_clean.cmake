file(REMOVE_RECURSE
  "CMakeFiles/marginkit_core.dir/pricing/implied_volatility.cpp.o"
  "CMakeFiles/marginkit_core.dir/pricing/implied_volatility.cpp.o.d"
  "CMakeFiles/marginkit_core.dir/pricing/price_batch.cpp.o"
  "CMakeFiles/marginkit_core.dir/pricing/price_batch.cpp.o.d"
  "CMakeFiles/marginkit_core.dir/pricing/price_option.cpp.o"
  "CMakeFiles/marginkit_core.dir/pricing/price_option.cpp.o.d"
  "libmarginkit_core.a"
  "libmarginkit_core.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/marginkit_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
