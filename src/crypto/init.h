// Process-wide start-up of the cryptographic library (libsodium). Every function in
// casekeep::crypto that needs the library calls InitCrypto() itself, so callers only need it to
// fail fast at program start. Thread-safe: the first call initialises, later calls are cheap.
#pragma once

#include "base/error.h"

namespace casekeep::crypto {

//! Initialises libsodium once per process; fails with kInternal if it cannot start (for
//! example when the system's random number source is unavailable). Safe from any thread.
[[nodiscard]] Status InitCrypto();

}  // namespace casekeep::crypto
