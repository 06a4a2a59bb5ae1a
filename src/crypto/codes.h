// Pseudonymous codes for subjects, cases and other things that leave the case team
// ("S-7K3M9Q4"): a prefix letter, a hyphen, random symbols from Crockford's base32 alphabet
// (0-9 and A-Z without I, L, O, U), and one check symbol. The check is the Damm algorithm over
// GF(32) (docs/keys.md), computed over the number of random symbols, the prefix and the random
// symbols; it catches every single-symbol substitution and every transposition of two adjacent
// symbols, and all but 1 in 32 added or dropped symbols. Codes carry no
// information about the person: they are drawn at random, and the store keeps them unique.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/error.h"

namespace casekeep::crypto {

//! Crockford base32: a symbol's value is its position.
inline constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr char kSubjectCodePrefix = 'S';
inline constexpr char kCaseCodePrefix = 'C';
//! Staff users ("W" for worker: U is not a Crockford symbol).
inline constexpr char kUserCodePrefix = 'W';
//! Disclosures of a person's data to a recipient (docs/sharing.md).
inline constexpr char kDisclosureCodePrefix = 'D';
//! Data subject requests ("Q" for query; R is taken by records).
inline constexpr char kRequestCodePrefix = 'Q';
//! Random symbols in a code by default (30 bits: about a billion codes per prefix).
inline constexpr std::size_t kDefaultCodeSymbols = 6;
inline constexpr std::size_t kMinCodeSymbols = 4;
inline constexpr std::size_t kMaxCodeSymbols = 16;

//! The value (0-31) of an upper-case Crockford symbol, or -1 if it is not one.
[[nodiscard]] int CodeSymbolValue(char symbol) noexcept;

//! The check symbol for `prefix` followed by `payload` (upper-case Crockford symbols).
//! Fails with kInvalidArgument if any character is not an upper-case Crockford symbol or the
//! payload is longer than kMaxCodeSymbols.
[[nodiscard]] Result<char> CodeCheckSymbol(char prefix, std::string_view payload);

//! A new random code "<prefix>-<symbols><check>". Fails with kInvalidArgument if `prefix` is
//! not an upper-case Crockford letter or `symbols` is outside [kMinCodeSymbols,
//! kMaxCodeSymbols], kInternal if libsodium cannot start.
[[nodiscard]] Result<std::string> GenerateCode(char prefix,
                                               std::size_t symbols = kDefaultCodeSymbols);

//! True if `code` is a code in canonical form (as GenerateCode writes it, any length in range)
//! whose check symbol is right.
[[nodiscard]] bool ValidateCode(std::string_view code) noexcept;

//! The canonical spelling of what a person typed: surrounding space trimmed, upper-cased,
//! spaces and hyphens removed after the prefix letter, O read as 0 and I or L as 1 there, and
//! one hyphen put after the prefix. Does not check validity: pass the result to ValidateCode.
[[nodiscard]] std::string NormaliseCode(std::string_view input);

//! NormaliseCode then ValidateCode; when `expected_prefix` is not '\0' the prefix must match.
//! Fails with kInvalidArgument saying what is wrong.
[[nodiscard]] Result<std::string> ParseCode(std::string_view input, char expected_prefix = '\0');

}  // namespace casekeep::crypto
