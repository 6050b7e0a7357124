// A store in a temporary folder for tests of the store and what reads it.
#ifndef TMKIT_TESTS_CORE_STORE_FIXTURE_H_
#define TMKIT_TESTS_CORE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_util.h"
#include "tmkit/core/store.h"

namespace tmkit::testing {

// A unit with two variants.
inline TranslationUnit Pair(const std::string& src_lang, const std::string& src,
                            const std::string& tgt_lang, const std::string& tgt) {
  TranslationUnit u;
  u.variants.push_back({.lang = src_lang, .segment = {src, {}}});
  u.variants.push_back({.lang = tgt_lang, .segment = {tgt, {}}});
  return u;
}

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    Result<Store> s = Store::Open(dir_.path(), {});
    ASSERT_TRUE(s) << s.error().message;
    store_.emplace(std::move(*s));
  }
  // Imports `units` as one file (origin "t.tmx" unless given).
  void Add(const std::vector<TranslationUnit>& units, ImportOptions options = {}) {
    if (options.origin_path.empty()) options.origin_path = "t.tmx";
    Result<ImportStats> r = store_->Import(options, [&](UnitSink& sink) -> Status {
      for (const TranslationUnit& u : units) {
        if (Status s = sink.Add(u); !s) return s;
      }
      return {};
    });
    ASSERT_TRUE(r) << r.error().message;
  }

  TempDir dir_;
  std::optional<Store> store_;
};

}  // namespace tmkit::testing

#endif  // TMKIT_TESTS_CORE_STORE_FIXTURE_H_
