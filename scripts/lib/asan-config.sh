# Sourced by scripts/test-sanitize and scripts/fuzz: the one instrumented build both use (build-asan/).
# clang, AddressSanitizer + UndefinedBehaviorSanitizer, -O1 with line tables only, unity build; with
# clang the fuzzed libraries (tests/fuzz/CMakeLists.txt) also carry libFuzzer's coverage instrumentation (fuzzer-no-link), so the sanitizer
# tests and the fuzz targets link the same objects: one instrumented compile of the tree, not two.
# Without clang (no libFuzzer) the same build is made with g++ and the fuzz targets are left out.
asan_dir=build-asan
configure_asan() {
  local fuzz=OFF cc=gcc cxx=g++
  if command -v clang++ >/dev/null 2>&1; then fuzz=ON cc=clang cxx=clang++; fi
  # A build directory made by another compiler is started again (CMake cannot switch compilers).
  if [[ -f $asan_dir/CMakeCache.txt ]] && ! grep -q "^CMAKE_CXX_COMPILER:FILEPATH=.*/$cxx\$" "$asan_dir/CMakeCache.txt"; then
    rm -rf "$asan_dir"
  fi
  # -g1: line tables are enough for sanitizer reports, and far cheaper to compile and link than -g.
  # Warnings are the release build's job (-Werror there); clang's different set is not checked here.
  CC=$cc CXX=$cxx cmake -S . -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_UNITY_BUILD="${HARBORMAP_UNITY:-ON}" -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DHARBORMAP_SANITIZE=ON -DHARBORMAP_FUZZ=$fuzz \
    -DHARBORMAP_WERROR=OFF >/dev/null
  asan_fuzz=$fuzz
}
