#!/usr/bin/env bash
# Builds the current llama.cpp's own tools (llama-server, ggml-rpc-server, llama-bench, llama-perplexity, and the trainer
# llama-finetune that `codeassist models train` drives), CPU only, from the
# source that the npm package node-llama-cpp ships as llama/gitRelease.bundle (ggml-org/llama.cpp v0.4.0). The build is
# cached outside the clone, keyed by the bundle's sha256, so later runs skip it (about 15 min on 2 cores).
# Prints the folder that holds the binaries on its last line.
#   NODE_LLAMA_CPP_VERSION  the npm package version (default 3.21.1)
#   CODEASSIST_LLAMA_CACHE  the cache root (default ~/.cache/codeassist/llama.cpp)
#   LLAMA_TARGETS           the targets to build (default: the four tools above)
set -euo pipefail

version="${NODE_LLAMA_CPP_VERSION:-3.21.1}"
cache="${CODEASSIST_LLAMA_CACHE:-$HOME/.cache/codeassist/llama.cpp}"
targets="${LLAMA_TARGETS:-llama-server ggml-rpc-server llama-bench llama-perplexity llama-finetune}"
mkdir -p "$cache"
# Test fixtures run this side by side (llama-server, llama-finetune): one builds, the others wait for it.
exec 9>"$cache/.build.lock"
flock 9

package="$cache/node-llama-cpp-$version"
if [ ! -f "$package/llama/gitRelease.bundle" ]; then
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "node-llama-cpp@$version" >/dev/null && tar xzf node-llama-cpp-*.tgz)
  rm -rf "$package" && mv "$work/package" "$package" && rm -rf "$work"
fi

hash=$(sha256sum "$package/llama/gitRelease.bundle" | cut -c1-16)
root="$cache/$hash"
bin="$root/build/bin"
missing=0
for target in $targets; do [ -x "$bin/$target" ] || missing=1; done
if [ "$missing" = 1 ]; then
  command -v cmake >/dev/null && command -v ninja >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake ninja-build g++ >/dev/null; }
  [ -d "$root/src/.git" ] || git clone -q "$package/llama/gitRelease.bundle" "$root/src"
  cmake -S "$root/src" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DGGML_NATIVE=ON -DGGML_RPC=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON >/dev/null
  # shellcheck disable=SC2086
  cmake --build "$root/build" --target $targets -j "$(nproc)"
fi
echo "$bin"
