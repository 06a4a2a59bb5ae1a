// Pseudonymous codes: Crockford base32 symbols with a Damm check symbol over GF(32).
// The quasigroup is x * y = 2 * (x XOR y) in GF(2^5) with modulus x^5 + x^2 + 1; it is totally
// anti-symmetric with a zero diagonal, so the check symbol equals the running value. The run
// starts with the number of random symbols (at most 16, so itself a symbol value).
// Thread-safe: pure functions.
#include "crypto/codes.h"

#include <array>
#include <cstdint>
#include <utility>

#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

// Multiplication by 2 (the polynomial x) in GF(32) with modulus x^5 + x^2 + 1 (0x25).
constexpr int Times2(int v) noexcept { return (v & 0x10) ? ((v << 1) ^ 0x25) : (v << 1); }

// One Damm step.
constexpr int DammStep(int interim, int symbol) noexcept { return Times2(interim ^ symbol); }

bool IsCodeLetter(char c) noexcept { return c >= 'A' && c <= 'Z' && CodeSymbolValue(c) >= 0; }

// The Damm running value over (payload length, prefix, symbols), or -1 if a character is not
// a symbol. The length goes first so that every typed symbol is adjacent to the next in the
// checked sequence, and a symbol added or dropped changes the start of the run.
int DammRun(std::size_t payload_length, char prefix, std::string_view symbols) noexcept {
  int interim = DammStep(0, static_cast<int>(payload_length));
  interim = DammStep(interim, CodeSymbolValue(prefix));
  for (char c : symbols) {
    const int v = CodeSymbolValue(c);
    if (v < 0) return -1;
    interim = DammStep(interim, v);
  }
  return interim;
}

}  // namespace

int CodeSymbolValue(char symbol) noexcept {
  const std::size_t pos = kCodeAlphabet.find(symbol);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

Result<char> CodeCheckSymbol(char prefix, std::string_view payload) {
  if (CodeSymbolValue(prefix) < 0) return InvalidArgument("code prefix is not a code symbol");
  if (payload.size() > kMaxCodeSymbols) return InvalidArgument("code is too long");
  const int interim = DammRun(payload.size(), prefix, payload);
  if (interim < 0) return InvalidArgument("code contains a character outside its alphabet");
  return kCodeAlphabet[static_cast<std::size_t>(interim)];
}

Result<std::string> GenerateCode(char prefix, std::size_t symbols) {
  if (!IsCodeLetter(prefix)) {
    std::string message = "code prefix ";
    message.push_back(prefix);
    message.append(" must be an upper-case letter other than I, L, O, U");
    return InvalidArgument(std::move(message));
  }
  if (symbols < kMinCodeSymbols || symbols > kMaxCodeSymbols) {
    return InvalidArgument("a code has " + std::to_string(kMinCodeSymbols) + " to " +
                           std::to_string(kMaxCodeSymbols) + " random symbols");
  }
  std::array<std::uint8_t, kMaxCodeSymbols> random{};
  CK_TRY(FillRandom(random));
  std::string code{prefix, '-'};
  for (std::size_t i = 0; i < symbols; ++i) {
    code.push_back(kCodeAlphabet[random[i] & 0x1f]);  // 256 is a multiple of 32: uniform
  }
  CK_ASSIGN_OR_RETURN(const char check, CodeCheckSymbol(prefix, std::string_view(code).substr(2)));
  code.push_back(check);
  return code;
}

bool ValidateCode(std::string_view code) noexcept {
  if (code.size() < 2 + kMinCodeSymbols + 1 || code.size() > 2 + kMaxCodeSymbols + 1) {
    return false;
  }
  if (!IsCodeLetter(code[0]) || code[1] != '-') return false;
  return DammRun(code.size() - 3, code[0], code.substr(2)) == 0;
}

std::string NormaliseCode(std::string_view input) {
  while (!input.empty() && (input.front() == ' ' || input.front() == '\t')) input.remove_prefix(1);
  while (!input.empty() && (input.back() == ' ' || input.back() == '\t')) input.remove_suffix(1);
  std::string out;
  if (input.empty()) return out;
  auto upper = [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; };
  out.push_back(upper(input.front()));
  out.push_back('-');
  for (char c : input.substr(1)) {
    c = upper(c);
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    out.push_back(c);
  }
  return out;
}

Result<std::string> ParseCode(std::string_view input, char expected_prefix) {
  std::string code = NormaliseCode(input);
  if (code.empty()) return InvalidArgument("code is empty");
  if (expected_prefix != '\0' && code[0] != expected_prefix) {
    std::string message = "code ";
    message.append(code).append(" should start with ").push_back(expected_prefix);
    return InvalidArgument(std::move(message));
  }
  if (!ValidateCode(code)) {
    std::string message = "not a valid code: ";
    message.append(input).append(" (a character is mistyped or missing)");
    return InvalidArgument(std::move(message));
  }
  return code;
}

}  // namespace casekeep::crypto
