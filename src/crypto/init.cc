// Runs sodium_init() exactly once (function-local static, so thread-safe since C++11).
// Thread-safe.
#include "crypto/init.h"

#include <sodium.h>

namespace casekeep::crypto {

Status InitCrypto() {
  static const int rc = sodium_init();  // 0 = initialised now, 1 = already, -1 = failure
  if (rc < 0) {
    return Fail(ErrorCode::kInternal,
                "cannot initialise libsodium (is the system random source available?)");
  }
  return {};
}

}  // namespace casekeep::crypto
