
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/pricing/implied_volatility.cpp" "src/CMakeFiles/marginkit_core.dir/pricing/implied_volatility.cpp.o" "gcc" "src/CMakeFiles/marginkit_core.dir/pricing/implied_volatility.cpp.o.d"
  "/work/main/src/pricing/price_batch.cpp" "src/CMakeFiles/marginkit_core.dir/pricing/price_batch.cpp.o" "gcc" "src/CMakeFiles/marginkit_core.dir/pricing/price_batch.cpp.o.d"
  "/work/main/src/pricing/price_option.cpp" "src/CMakeFiles/marginkit_core.dir/pricing/price_option.cpp.o" "gcc" "src/CMakeFiles/marginkit_core.dir/pricing/price_option.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
