file(REMOVE_RECURSE
  "CMakeFiles/marginkit_tests.dir/smoke_test.cpp.o"
  "CMakeFiles/marginkit_tests.dir/smoke_test.cpp.o.d"
  "marginkit_tests"
  "marginkit_tests.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/marginkit_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
