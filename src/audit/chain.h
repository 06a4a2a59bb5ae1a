// The audit chain (docs/audit-format.md): each entry's SHA-256 hash covers a canonical encoding
// of its fields and the previous entry's hash, so anyone holding a published head can check
// that no entry was edited, deleted or reordered; each hash also carries an HMAC-SHA-256 under
// the audit key, so casekeep itself can tell its own entries from ones appended by someone who
// could write to the store but does not hold the key. AuditLog is the one place entries are
// written. Thread-safety: the free functions are pure; an EntryHasher belongs to one thread;
// an EntryMacer is immutable once made and safe to share; AuditLog is stateless.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "audit/event.h"
#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"
#include "store/store.h"

namespace casekeep::audit {

using crypto::Bytes;

//! First item of every hash input; a new encoding gets a new tag.
inline constexpr std::string_view kDomainTag = "casekeep-audit-v1";
inline constexpr std::size_t kHashSize = 32;  //!< SHA-256
inline constexpr std::size_t kMacSize = 32;   //!< HMAC-SHA-256

//! The exact bytes hashed for `row` (docs/audit-format.md, "Hash input"): the domain tag, then
//! seq, at_micros, actor, action, objects, purpose, outcome, detail and prev_hash, each as a
//! 4-byte big-endian length and its bytes (integers as 8 bytes big-endian). Ignores row.hash
//! and row.mac.
[[nodiscard]] Bytes EncodeEntry(const store::AuditRow& row);

//! SHA-256 of EncodeEntry(row): kHashSize bytes. Ignores row.hash and row.mac.
[[nodiscard]] Bytes EntryHash(const store::AuditRow& row);

//! HMAC-SHA-256 of `hash` under `audit_key`: kMacSize bytes. Fails with kInvalidArgument if
//! the key is empty or `hash` is not kHashSize bytes.
[[nodiscard]] Result<Bytes> EntryMac(const crypto::Key& audit_key, const Bytes& hash);

//! Hashes entry after entry with one reused buffer: no allocation once the buffer has grown
//! to the largest entry seen. Gives the same hashes as EntryHash.
class EntryHasher {
 public:
  //! Writes the hash of `row` to `out`.
  void Hash(const store::AuditRow& row, std::span<std::uint8_t, kHashSize> out);

 private:
  Bytes buffer_;
};

//! Computes and checks entry MACs with the key's HMAC pads hashed once, not per entry.
//! Gives the same MACs as EntryMac. The precomputed state is wiped on destruction.
class EntryMacer {
 public:
  //! Fails with kInvalidArgument if `audit_key` is empty. The key need not outlive the result.
  [[nodiscard]] static Result<EntryMacer> Create(const crypto::Key& audit_key);

  EntryMacer(EntryMacer&&) noexcept;
  EntryMacer& operator=(EntryMacer&&) noexcept;
  ~EntryMacer();

  //! Writes the MAC of `hash` to `out`.
  void Mac(std::span<const std::uint8_t, kHashSize> hash,
           std::span<std::uint8_t, kMacSize> out) const;

  //! True if `mac` is the MAC of `hash` (compared in constant time); false for wrong sizes.
  [[nodiscard]] bool Check(std::span<const std::uint8_t> hash,
                           std::span<const std::uint8_t> mac) const;

 private:
  struct State;
  explicit EntryMacer(std::unique_ptr<State> state) noexcept;
  std::unique_ptr<State> state_;
};

//! Writes audit entries. Every write to the chain goes through Append.
class AuditLog {
 public:
  //! Validates `event` (ValidateEvent), then appends it as the entry after tx.LastAudit():
  //! seq one higher (1 for the first), prev_hash that entry's hash (32 zero bytes for the
  //! first), and this entry's hash and MAC under `audit_key`. The entry becomes durable with
  //! the caller's tx.Commit(); the store serialises write transactions, so two appends never
  //! take the same seq. Fails with kInvalidArgument for a refused event or an empty
  //! key, kDataLoss if the last entry's seq or hash is malformed, or with the store's error;
  //! nothing is written on failure.
  [[nodiscard]] Status Append(store::Tx& tx, const crypto::Key& audit_key, AuditEvent event,
                              std::int64_t at_micros) const;
};

}  // namespace casekeep::audit
