# Empty compiler generated dependencies file for native_pricing_bench.
# This may be replaced when dependencies are built.
