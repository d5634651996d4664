# Empty compiler generated dependencies file for marginkit_tests.
# This may be replaced when dependencies are built.
