// Tests for pseudonymous codes: format, normalisation, and that the check symbol catches every
// single substitution and every adjacent transposition (exhaustively, over a sample of codes).
#include "crypto/codes.h"

#include <gtest/gtest.h>

#include <set>

namespace casekeep::crypto {
namespace {

std::string Generate(char prefix, std::size_t symbols = kDefaultCodeSymbols) {
  auto code = GenerateCode(prefix, symbols);
  EXPECT_TRUE(code) << (code ? "" : code.error().message);
  return code ? *code : std::string();
}

TEST(CodesTest, GeneratedCodesHaveTheFormatAndValidate) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = Generate(i % 2 ? kSubjectCodePrefix : kCaseCodePrefix);
    ASSERT_EQ(code.size(), 2 + kDefaultCodeSymbols + 1);
    EXPECT_EQ(code[1], '-');
    for (char c : code.substr(2)) EXPECT_GE(CodeSymbolValue(c), 0) << code;
    EXPECT_TRUE(ValidateCode(code)) << code;
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 990u);  // 2^30 codes per prefix: collisions are rare
  EXPECT_TRUE(ValidateCode(Generate('R', kMinCodeSymbols)));
  EXPECT_TRUE(ValidateCode(Generate('R', kMaxCodeSymbols)));
}

TEST(CodesTest, KnownCheckSymbols) {
  // Computed independently (a few lines of Python) from the construction in docs/keys.md.
  EXPECT_EQ(CodeCheckSymbol('S', "7K3M9Q"), '1');
  EXPECT_EQ(CodeCheckSymbol('C', "000000"), '0');
  EXPECT_EQ(CodeCheckSymbol('S', "ZZZZZZ"), 'G');
  EXPECT_TRUE(ValidateCode("S-7K3M9Q1"));
  EXPECT_FALSE(ValidateCode("S-7K3M9Q2"));
  EXPECT_FALSE(ValidateCode("S-7K3M9Q10"));  // a plain Damm run would accept a trailing 0
  EXPECT_FALSE(CodeCheckSymbol('S', "7K3U9Q"));
}

TEST(CodesTest, EverySingleSubstitutionIsCaught) {
  for (int n = 0; n < 200; ++n) {
    const std::string code = Generate(n % 2 ? 'S' : 'C');
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      if (pos == 1) continue;  // the hyphen
      for (char c : kCodeAlphabet) {
        if (c == code[pos]) continue;
        std::string typo = code;
        typo[pos] = c;
        EXPECT_FALSE(ValidateCode(typo)) << code << " -> " << typo;
      }
    }
  }
}

TEST(CodesTest, EveryAdjacentTranspositionIsCaught) {
  for (int n = 0; n < 2000; ++n) {
    const std::string code = Generate('S');
    std::string plain = code;
    plain.erase(1, 1);  // prefix and symbols without the hyphen
    for (std::size_t pos = 0; pos + 1 < plain.size(); ++pos) {
      if (plain[pos] == plain[pos + 1]) continue;
      std::string swapped = plain;
      std::swap(swapped[pos], swapped[pos + 1]);
      swapped.insert(swapped.begin() + 1, '-');
      EXPECT_FALSE(ValidateCode(swapped)) << code << " -> " << swapped;
    }
  }
}

// The Damm quasigroup is totally anti-symmetric: no pair of distinct symbols can be swapped
// unnoticed after any running value. Checked over every case, not a sample.
TEST(CodesTest, TranspositionsAreCaughtForAllRunningValues) {
  for (char prefix : std::string_view("ABCDEFGHJKMNPQRSTVWXYZ")) {
    for (char a : kCodeAlphabet) {
      for (char b : kCodeAlphabet) {
        if (a == b) continue;
        const std::string ab{a, b, '0', '0'};
        const std::string ba{b, a, '0', '0'};
        auto x = CodeCheckSymbol(prefix, ab);
        auto y = CodeCheckSymbol(prefix, ba);
        ASSERT_TRUE(x && y);
        EXPECT_NE(*x, *y) << prefix << ab;
      }
    }
  }
}

// Not guaranteed like substitutions and transpositions, but an added or dropped symbol gets
// through only when it happens to produce the right check (about 1 in 32).
TEST(CodesTest, MostInsertionsAndDeletionsAreCaught) {
  int tried = 0;
  int missed = 0;
  for (int n = 0; n < 300; ++n) {
    const std::string code = Generate('C');
    for (std::size_t pos = 2; pos <= code.size(); ++pos) {
      for (char c : kCodeAlphabet) {
        std::string longer = code;
        longer.insert(pos, 1, c);
        ++tried;
        missed += ValidateCode(longer) ? 1 : 0;
      }
      if (pos < code.size()) {
        std::string shorter = code;
        shorter.erase(pos, 1);
        ++tried;
        missed += ValidateCode(shorter) ? 1 : 0;
      }
    }
  }
  EXPECT_LT(missed * 20, tried) << missed << " of " << tried;  // well under 5%
}

TEST(CodesTest, NormaliseForgivesWhatPeopleType) {
  EXPECT_EQ(NormaliseCode(" s-7k3m9q1 "), "S-7K3M9Q1");
  EXPECT_EQ(NormaliseCode("S7K3M9Q1"), "S-7K3M9Q1");
  EXPECT_EQ(NormaliseCode("s 7k3 m9q 1"), "S-7K3M9Q1");
  EXPECT_EQ(NormaliseCode("s 7k3 m9q l"), "S-7K3M9Q1");
  EXPECT_EQ(NormaliseCode("C-O0IL1"), "C-00111");
  EXPECT_EQ(NormaliseCode(""), "");
  const std::string code = "C-0000000";
  EXPECT_TRUE(ValidateCode(code));
  auto parsed = ParseCode("c-ooo ooo-o");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, code);
}

TEST(CodesTest, ParseAndValidateRejectBadCodes) {
  for (std::string_view bad : {"", "S", "S-", "S-7K3", "s-7K3M9QA", "S7K3M9Q1", "S-7K3M9Q10",
                               "I-7K3M9QA", "1-7K3M9QA", "S-7K3M9UA", "S-7K3M9Q2"}) {
    EXPECT_FALSE(ValidateCode(bad)) << bad;
  }
  auto wrong_prefix = ParseCode("S-7K3M9Q1", kCaseCodePrefix);
  ASSERT_FALSE(wrong_prefix);
  EXPECT_EQ(wrong_prefix.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ParseCode("S-7K3M9Q1", kSubjectCodePrefix));
  EXPECT_FALSE(ParseCode("S-7K3M9Q2"));
}

TEST(CodesTest, GenerateRejectsBadPrefixAndLength) {
  for (char prefix : {'I', 'L', 'O', 'U', 'a', '1', '-'}) {
    auto code = GenerateCode(prefix);
    ASSERT_FALSE(code) << prefix;
    EXPECT_EQ(code.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(GenerateCode('S', kMinCodeSymbols - 1));
  EXPECT_FALSE(GenerateCode('S', kMaxCodeSymbols + 1));
}

}  // namespace
}  // namespace casekeep::crypto
