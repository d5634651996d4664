# Empty dependencies file for marginkit_core.
# This may be replaced when dependencies are built.
