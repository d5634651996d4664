# Sourced by the build and test scripts. Emscripten 3.1.6 on Debian finds its 'acorn' only here.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
