// Blind indexes: keyed hashes of normalised values, so the store can answer "have we seen this
// email / phone / postcode / name before" without decrypting anything. Construction (for
// third-party readers, docs/keys.md): BLAKE2b-256 keyed with the blind-index subkey,
// personalisation "casekeep-bidx-v1", over LE32(length of field id) || field id || normalised
// value. The field id separates domains: the same value in two fields gives unrelated indexes.
// Normalisation rules (ASCII only; other bytes are kept as they are) are the Normalise*
// functions below. Thread-safety: BlindIndexer is immutable and safe to share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

//! How a field's values are normalised before hashing.
enum class Normalisation {
  kEmail,     //!< trim, ASCII lower-case; must contain one '@' with text either side
  kUkPhone,   //!< digits only; +44 / 0044 / 44 country code becomes a leading 0
  kPostcode,  //!< UK postcode: upper-case, one space before the 3-character inward code
  kName,      //!< trim, runs of whitespace become one space, ASCII lower-case
  kText,      //!< trim only
};

inline constexpr std::size_t kBlindIndexSize = 32;
using BlindIndex = std::array<std::uint8_t, kBlindIndexSize>;

//! Trimmed, ASCII lower-cased email address; kInvalidArgument unless it has exactly one '@'
//! with text on both sides and no whitespace inside.
[[nodiscard]] Result<std::string> NormaliseEmail(std::string_view value);

//! UK phone number as national digits ("+44 7700 900123" -> "07700900123"); a number with
//! another country code becomes "00" + its digits. kInvalidArgument if it has letters or
//! fewer than 7 digits.
[[nodiscard]] Result<std::string> NormaliseUkPhone(std::string_view value);

//! UK postcode as "OUTWARD INWARD" in upper case ("sw1a1aa" -> "SW1A 1AA"); kInvalidArgument
//! unless it is 5-7 letters and digits whose last three are digit, letter, letter.
[[nodiscard]] Result<std::string> NormalisePostcode(std::string_view value);

//! Trimmed name with single spaces, ASCII lower-cased; kInvalidArgument if empty.
[[nodiscard]] Result<std::string> NormaliseName(std::string_view value);

//! Trimmed text; kInvalidArgument if empty.
[[nodiscard]] Result<std::string> NormaliseText(std::string_view value);

//! Dispatches to the Normalise* function for `kind`.
[[nodiscard]] Result<std::string> Normalise(Normalisation kind, std::string_view value);

class BlindIndexer {
 public:
  //! An indexer keyed with the blind-index subkey (DeriveSubkey(root, kBlindIndex)). Fails
  //! with kInvalidArgument if the key is empty.
  [[nodiscard]] static Result<BlindIndexer> Create(const Key& blind_index_key);

  //! The 32-byte index of `value` in field `field_id`. Fails with kInvalidArgument if the field
  //! id is empty or the value does not normalise.
  [[nodiscard]] Result<BlindIndex> Index(std::string_view field_id, Normalisation kind,
                                         std::string_view value) const;

  //! As Index, as 64 lowercase hex characters.
  [[nodiscard]] Result<std::string> IndexHex(std::string_view field_id, Normalisation kind,
                                             std::string_view value) const;

  //! The index of an already-normalised value (no normalisation applied); fails with
  //! kInvalidArgument if the field id is empty.
  [[nodiscard]] Result<BlindIndex> IndexNormalised(std::string_view field_id,
                                                   std::string_view normalised) const;

 private:
  BlindIndexer() = default;
  Key key_;
};

}  // namespace casekeep::crypto
