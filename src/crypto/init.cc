// Runs sodium_init() exactly once (function-local static, so thread-safe since C++11).
// Random bytes come from libsodium's internal generator (ChaCha20 keyed from the kernel, per
// thread, reseeded after fork) instead of one getrandom system call per request: nonces and
// codes are drawn for every sealed value, and the system calls were a measurable share of a
// bulk import. Thread-safe.
#include "crypto/init.h"

#include <sodium.h>
#include <sodium/randombytes_internal_random.h>

namespace casekeep::crypto {

Status InitCrypto() {
  static const int rc = [] {
    randombytes_set_implementation(&randombytes_internal_implementation);
    return sodium_init();
  }();  // 0 = initialised now, 1 = already, -1 = failure
  if (rc < 0) {
    return Fail(ErrorCode::kInternal,
                "cannot initialise libsodium (is the system random source available?)");
  }
  return {};
}

}  // namespace casekeep::crypto
