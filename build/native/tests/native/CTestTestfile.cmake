# CMake generated Testfile for 
# Source directory: /work/main/tests/native
# Build directory: /work/main/build/native/tests/native
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[marginkit_tests]=] "/work/main/build/native/tests/native/marginkit_tests")
set_tests_properties([=[marginkit_tests]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/native/CMakeLists.txt;18;add_test;/work/main/tests/native/CMakeLists.txt;0;")
subdirs("../../googletest")
