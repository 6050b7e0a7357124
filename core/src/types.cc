#include "tmkit/core/types.h"

#include "tmkit/core/language.h"

namespace tmkit {

const Variant* TranslationUnit::FindVariant(std::string_view lang) const {
  const Variant* best = nullptr;
  int best_quality = 0;
  for (const Variant& v : variants) {
    int q = LanguageMatchQuality(lang, v.lang);
    if (q > best_quality) {
      best = &v;
      best_quality = q;
      if (q == 2) break;
    }
  }
  return best;
}

}  // namespace tmkit
