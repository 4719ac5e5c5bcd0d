// Invariant assertions. Our own bugs are not errors: a broken invariant aborts
// (BANTER_CHECK always, BANTER_DCHECK in debug builds) instead of returning a
// Status a transport would have to handle. Debian's Abseil (20220623) has no
// absl/log, so these wrap the raw logging check.
#ifndef BANTER_ENGINE_CORE_CHECK_H_
#define BANTER_ENGINE_CORE_CHECK_H_

#include "absl/base/internal/raw_logging.h"

#define BANTER_CHECK(cond) ABSL_RAW_CHECK(cond, #cond)
#ifdef NDEBUG
#define BANTER_DCHECK(cond) \
  do {                      \
  } while (false && (cond))
#else
#define BANTER_DCHECK(cond) ABSL_RAW_CHECK(cond, #cond)
#endif

#endif  // BANTER_ENGINE_CORE_CHECK_H_
