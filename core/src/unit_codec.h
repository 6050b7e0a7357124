// Binary encoding of units and origins for the store (private to tmkit_core).
//
// Record layout (all integers LEB128 varints unless noted, strings are
// varint length + bytes):
//   u8 format (1) | payload | u32 checksum (little-endian, Hash64 of format+payload)
// Unit payload: tuid, source_lang, provenance, origin id, props, notes,
// attrs, variants (lang, segment, provenance, props, notes, attrs).
// Segment: text, codes (kind, element, id, x, type, attrs, parts, offset);
// a code part is text, or a sub-flow (attrs + nested segment).
#ifndef TMKIT_CORE_UNIT_CODEC_H_
#define TMKIT_CORE_UNIT_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit::internal {

// Appends the record of `unit` (its `id` and `origin` are not stored: the key
// and `origin_id` carry them).
void EncodeUnit(const TranslationUnit& unit, uint32_t origin_id, std::string* out);

// Fills `unit` (not id/origin) and `origin_id`; kCorruption if the record is
// damaged (bad checksum, truncated, unknown format).
Status DecodeUnit(std::string_view record, TranslationUnit* unit, uint32_t* origin_id);

void EncodeOrigin(const OriginInfo& origin, std::string* out);
Status DecodeOrigin(std::string_view record, OriginInfo* origin);

// A canonical byte string of a unit's languages and segments, independent of
// variant order: two units are duplicates when these are equal.
std::string DuplicateKey(const TranslationUnit& unit);

// Serialises a segment (text and codes) canonically.
void EncodeSegment(const Segment& segment, std::string* out);

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_UNIT_CODEC_H_
