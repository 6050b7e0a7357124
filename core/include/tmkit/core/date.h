// Dates as TMX, XLIFF and TBX write them.
//
// Reading is lenient: ISO 8601 basic "20020523T091200Z" and extended
// "2002-05-23T09:12:00Z", with or without "Z", with fractional seconds or a
// "+hh:mm" offset, or a date alone ("20020523", "2002-05-23"). Writing is
// strict: TMX's "YYYYMMDDThhmmssZ" (UTC).
#ifndef TMKIT_CORE_DATE_H_
#define TMKIT_CORE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"

namespace tmkit {

// Seconds since 1970-01-01T00:00:00Z. kInvalidInput ("expected a date such as
// 20020523T091200Z, found '23/05/2002'") when the text is not a date.
Result<int64_t> ParseIsoDate(std::string_view text);

// "20020523T091200Z".
std::string FormatTmxDate(int64_t seconds);

// "2002-05-23T09:12:00Z" (XLIFF, JSON).
std::string FormatIsoDate(int64_t seconds);

// The current time in seconds since the epoch.
int64_t NowSeconds();

}  // namespace tmkit

#endif  // TMKIT_CORE_DATE_H_
