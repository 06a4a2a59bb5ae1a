// Random bytes, numbers and keys on libsodium's randombytes (getrandom(2) on Linux).
// Thread-safe.
#include "crypto/random.h"

#include <sodium.h>

#include "crypto/init.h"

namespace casekeep::crypto {

Status FillRandom(std::span<std::uint8_t> out) {
  CK_TRY(InitCrypto());
  if (!out.empty()) randombytes_buf(out.data(), out.size());
  return {};
}

Result<Bytes> RandomBytes(std::size_t size) {
  Bytes out(size);
  CK_TRY(FillRandom(out));
  return out;
}

Result<Key> RandomKey(SecretMemory memory) {
  CK_ASSIGN_OR_RETURN(Key key, Key::Allocate(memory));
  CK_TRY(FillRandom(key.mutable_span()));
  return key;
}

Result<std::uint32_t> RandomBelow(std::uint32_t upper_bound) {
  if (upper_bound == 0) return InvalidArgument("random upper bound must be positive");
  CK_TRY(InitCrypto());
  return randombytes_uniform(upper_bound);
}

}  // namespace casekeep::crypto
