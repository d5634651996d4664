#pragma once
// MARGINKIT_MINSIZE: compile this function for size (clang's minsize: as -Oz) in the wasm build,
// in a source compiled for speed otherwise. For functions that run a few times per call but
// inline large library templates (std::map with string keys): the browser download has a 128 KB
// gzip budget (src/CMakeLists.txt says which sources are at -Oz whole). Native builds ignore it.
#if defined(__EMSCRIPTEN__) && defined(__clang__)
#define MARGINKIT_MINSIZE __attribute__((minsize))
#else
#define MARGINKIT_MINSIZE
#endif
