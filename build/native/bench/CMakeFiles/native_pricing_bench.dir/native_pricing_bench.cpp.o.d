bench/CMakeFiles/native_pricing_bench.dir/native_pricing_bench.cpp.o: \
 /work/main/bench/native_pricing_bench.cpp /usr/include/stdc-predef.h
