// The libFuzzer entry points of one fuzz binary: TMKIT_FUZZ_TARGET names its
// target in kFuzzTargets (fuzz_targets.h), e.g. "tmx" for fuzz_tmx.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_targets.h"

#ifndef TMKIT_FUZZ_TARGET
#error "compile with -DTMKIT_FUZZ_TARGET=\"name\""
#endif

namespace {

const tmkit::fuzz::FuzzTarget& Target() {
  static const tmkit::fuzz::FuzzTarget* target = [] {
    const tmkit::fuzz::FuzzTarget* t = tmkit::fuzz::FindFuzzTarget(TMKIT_FUZZ_TARGET);
    if (!t) {
      std::fprintf(stderr, "no fuzz target named %s\n", TMKIT_FUZZ_TARGET);
      std::abort();
    }
    return t;
  }();
  return *target;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (Target().init) Target().init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return Target().run(data, size);
}
