// The canonical encoding of an audit entry, its SHA-256 hash, its HMAC-SHA-256 and the append
// path. The byte layout here is the one docs/audit-format.md specifies and its reference
// verifier reproduces; change both together, under a new domain tag.
// Thread-safety: see chain.h.
#include "audit/chain.h"

#include <sodium.h>

#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "crypto/init.h"

namespace casekeep::audit {
namespace {

static_assert(crypto_hash_sha256_BYTES == kHashSize);
static_assert(crypto_auth_hmacsha256_BYTES == kMacSize);
static_assert(crypto_auth_hmacsha256_KEYBYTES == crypto::Key::kSize);

constexpr std::size_t kLengthBytes = 4;
constexpr std::size_t kIntegerBytes = 8;

std::uint8_t* PutU32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
  return p + 4;
}

std::uint8_t* PutBytes(std::uint8_t* p, const void* data, std::size_t size) noexcept {
  // Lengths are bounded by the store's field sizes; a field of 4 GiB or more cannot be written
  // by AuditLog, and the encoding is defined only below that.
  p = PutU32(p, static_cast<std::uint32_t>(size));
  if (size > 0) std::memcpy(p, data, size);
  return p + size;
}

std::uint8_t* PutInteger(std::uint8_t* p, std::int64_t value) noexcept {
  const auto v = static_cast<std::uint64_t>(value);  // two's complement
  p = PutU32(p, kIntegerBytes);
  for (std::size_t i = 0; i < kIntegerBytes; ++i) {
    p[i] = static_cast<std::uint8_t>(v >> (8 * (kIntegerBytes - 1 - i)));
  }
  return p + kIntegerBytes;
}

std::size_t EncodedSize(const store::AuditRow& row) noexcept {
  return 10 * kLengthBytes + kDomainTag.size() + 2 * kIntegerBytes + row.actor.size() +
         row.action.size() + row.objects.size() + row.purpose.size() + row.outcome.size() +
         row.detail.size() + row.prev_hash.size();
}

// Writes the encoding of `row` to the start of `buffer` (grown if needed, never shrunk) and
// returns its length.
std::size_t EncodeInto(const store::AuditRow& row, Bytes& buffer) {
  const std::size_t size = EncodedSize(row);
  if (buffer.size() < size) buffer.resize(size);
  std::uint8_t* p = buffer.data();
  p = PutBytes(p, kDomainTag.data(), kDomainTag.size());
  p = PutInteger(p, row.seq);
  p = PutInteger(p, row.at_micros);
  p = PutBytes(p, row.actor.data(), row.actor.size());
  p = PutBytes(p, row.action.data(), row.action.size());
  p = PutBytes(p, row.objects.data(), row.objects.size());
  p = PutBytes(p, row.purpose.data(), row.purpose.size());
  p = PutBytes(p, row.outcome.data(), row.outcome.size());
  p = PutBytes(p, row.detail.data(), row.detail.size());
  PutBytes(p, row.prev_hash.data(), row.prev_hash.size());
  return size;
}

}  // namespace

Bytes EncodeEntry(const store::AuditRow& row) {
  Bytes out;
  out.resize(EncodeInto(row, out));
  return out;
}

Bytes EntryHash(const store::AuditRow& row) {
  Bytes hash(kHashSize);
  EntryHasher hasher;
  hasher.Hash(row, std::span<std::uint8_t, kHashSize>(hash.data(), kHashSize));
  return hash;
}

void EntryHasher::Hash(const store::AuditRow& row, std::span<std::uint8_t, kHashSize> out) {
  const std::size_t size = EncodeInto(row, buffer_);
  crypto_hash_sha256(out.data(), buffer_.data(), size);
}

Result<Bytes> EntryMac(const crypto::Key& audit_key, const Bytes& hash) {
  if (hash.size() != kHashSize) {
    return InvalidArgument("an audit entry hash must be " + std::to_string(kHashSize) + " bytes");
  }
  CK_ASSIGN_OR_RETURN(EntryMacer macer, EntryMacer::Create(audit_key));
  Bytes mac(kMacSize);
  macer.Mac(std::span<const std::uint8_t, kHashSize>(hash.data(), kHashSize),
            std::span<std::uint8_t, kMacSize>(mac.data(), kMacSize));
  return mac;
}

struct EntryMacer::State {
  crypto_auth_hmacsha256_state keyed;  // inner and outer pads already absorbed
  ~State() { sodium_memzero(&keyed, sizeof keyed); }
};

EntryMacer::EntryMacer(std::unique_ptr<State> state) noexcept : state_(std::move(state)) {}
EntryMacer::EntryMacer(EntryMacer&&) noexcept = default;
EntryMacer& EntryMacer::operator=(EntryMacer&&) noexcept = default;
EntryMacer::~EntryMacer() = default;

Result<EntryMacer> EntryMacer::Create(const crypto::Key& audit_key) {
  CK_TRY(crypto::RequireKey(audit_key, "audit key"));
  CK_TRY(crypto::InitCrypto());
  auto state = std::make_unique<State>();
  crypto_auth_hmacsha256_init(&state->keyed, audit_key.data(), crypto::Key::kSize);
  return EntryMacer(std::move(state));
}

void EntryMacer::Mac(std::span<const std::uint8_t, kHashSize> hash,
                     std::span<std::uint8_t, kMacSize> out) const {
  crypto_auth_hmacsha256_state st = state_->keyed;
  crypto_auth_hmacsha256_update(&st, hash.data(), hash.size());
  crypto_auth_hmacsha256_final(&st, out.data());
  sodium_memzero(&st, sizeof st);
}

bool EntryMacer::Check(std::span<const std::uint8_t> hash,
                       std::span<const std::uint8_t> mac) const {
  if (hash.size() != kHashSize || mac.size() != kMacSize) return false;
  std::uint8_t expected[kMacSize];
  Mac(std::span<const std::uint8_t, kHashSize>(hash.data(), kHashSize), expected);
  const bool ok = crypto_verify_32(expected, mac.data()) == 0;
  sodium_memzero(expected, sizeof expected);
  return ok;
}

Status AuditLog::Append(store::Tx& tx, const crypto::Key& audit_key, AuditEvent event,
                        std::int64_t at_micros) const {
  CK_TRY(ValidateEvent(event));
  CK_ASSIGN_OR_RETURN(EntryMacer macer, EntryMacer::Create(audit_key));
  CK_ASSIGN_OR_RETURN(std::optional<store::AuditRow> last, tx.LastAudit());

  store::AuditRow row;
  if (last) {
    if (last->seq < 1 || last->seq == std::numeric_limits<std::int64_t>::max()) {
      return Fail(ErrorCode::kDataLoss,
                  "the last audit entry has an impossible seq " + std::to_string(last->seq));
    }
    if (last->hash.size() != kHashSize) {
      return Fail(ErrorCode::kDataLoss, "audit entry " + std::to_string(last->seq) +
                                            " has a malformed hash; run `casekeep audit verify`");
    }
    row.seq = last->seq + 1;
    row.prev_hash = std::move(last->hash);
  } else {
    row.seq = 1;
    row.prev_hash.assign(kHashSize, 0);
  }
  row.at_micros = at_micros;
  row.actor = std::move(event.actor);
  row.action = std::move(event.action);
  row.objects = JoinObjects(event.objects);
  row.purpose = std::move(event.purpose);
  row.outcome = std::move(event.outcome);
  row.detail = std::move(event.detail);
  row.hash = EntryHash(row);
  row.mac.resize(kMacSize);
  macer.Mac(std::span<const std::uint8_t, kHashSize>(row.hash.data(), kHashSize),
            std::span<std::uint8_t, kMacSize>(row.mac.data(), kMacSize));
  return tx.AppendAudit(row);
}

}  // namespace casekeep::audit
