file(REMOVE_RECURSE
  "libmarginkit_core.a"
)
