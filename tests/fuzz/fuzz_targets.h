// The bodies of tmkit's libFuzzer targets, shared by the fuzz binaries
// (fuzz_main.cc, one binary a target, built with TMKIT_FUZZ) and by
// fuzz_regression_test (every input under tests/fuzz/regressions/<target>/,
// built always).
//
// Each function takes one input as libFuzzer hands it and runs it through the
// same library calls a tmkit command makes with a file or a text (import, term
// import, pretranslate, segment, lookup, concordance). Errors the libraries
// return for bad input are expected; what is not is a crash, a sanitizer
// report, a hang, or a broken invariant (a unit whose text is not UTF-8, an
// error without a message, offsets outside the text...), which FuzzCheck
// reports through the current failure handler (abort by default, so libFuzzer
// saves the input). Each returns 0 (libFuzzer's convention).
//
// Readers that want a path get a file in a per-process scratch folder under
// $TMPDIR (else /tmp), rewritten for each input and removed at exit. The
// query target builds a small store there once (FuzzQueryInit).
//
// Thread-safety: none; one input at a time.
#ifndef TMKIT_TESTS_FUZZ_FUZZ_TARGETS_H_
#define TMKIT_TESTS_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tmkit::fuzz {

int FuzzTmx(const uint8_t* data, size_t size);        // TMX import (+ format detection)
int FuzzXliff12(const uint8_t* data, size_t size);    // XLIFF 1.2 import + pretranslate document
int FuzzXliff2(const uint8_t* data, size_t size);     // XLIFF 2.x validator, import, document
int FuzzTbx(const uint8_t* data, size_t size);        // TBX v3 term import
int FuzzTbx2008(const uint8_t* data, size_t size);    // TBX 2008 (martif) term import
int FuzzGlossaryCsv(const uint8_t* data, size_t size);  // CSV, MateCat CSV, OmegaT TSV glossaries
int FuzzTsvUnits(const uint8_t* data, size_t size);   // bilingual TSV unit import
int FuzzSegment(const uint8_t* data, size_t size);    // sentence segmentation; byte 0: language, format
int FuzzPlaceables(const uint8_t* data, size_t size); // placeables, fuzzy tokens; byte 0: language
int FuzzQuery(const uint8_t* data, size_t size);      // lookup + concordance + terms; byte 0: pair

// Builds the query target's store (idempotent; FuzzQuery calls it too).
void FuzzQueryInit();

struct FuzzTarget {
  const char* name;  // "tmx": binary fuzz_tmx, inputs under regressions/tmx
  int (*run)(const uint8_t* data, size_t size);
  void (*init)();  // may be null
};

// Every target, in a fixed order; ends with {nullptr, nullptr, nullptr}.
extern const FuzzTarget kFuzzTargets[];

// The target named `name`, or nullptr.
const FuzzTarget* FindFuzzTarget(std::string_view name);

// Called with a description when an invariant breaks. The default prints it
// to stderr and aborts (a crash for libFuzzer); the regression test installs
// one that throws, to name the input file and go on.
using FailureHandler = void (*)(const std::string& what);
void SetFailureHandler(FailureHandler handler);

}  // namespace tmkit::fuzz

#endif  // TMKIT_TESTS_FUZZ_FUZZ_TARGETS_H_
