// The name detector: the names of the people in the context, matched word by word
// (case-insensitive, possessives, hyphenated and multi-word names, one-letter typos in longer
// names). Names that are also common words match only when capitalised. Details:
// docs/anonymisation.md.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "anonymise/anonymise.h"
#include "anonymise/text.h"

namespace casekeep::anonymise {
namespace {

using internal::DecodeAt;
using internal::Fold;
using internal::IsWordCodePoint;
using internal::WordAt;

//! Names that are also everyday words: matched only when written with a capital.
constexpr std::string_view kCommonWords[] = {
    "rose",    "hope",   "mark",   "grace",   "will",     "dawn",     "faith",    "ivy",
    "robin",   "summer", "joy",    "bill",    "sunny",    "daisy",    "jack",     "may",
    "june",    "april",  "august", "autumn",  "amber",    "holly",    "heather",  "iris",
    "violet",  "ruby",   "pearl",  "crystal", "sky",      "rain",     "storm",    "star",
    "river",   "brook",  "cliff",  "dale",    "glen",     "wood",     "hill",     "brown",
    "green",   "white",  "black",  "young",   "baker",    "page",     "rich",     "king",
    "little",  "long",   "short",  "hall",    "field",    "bush",     "cook",     "fisher",
    "mason",   "carter", "walker", "price",   "bell",     "ward",     "wolf",     "fox",
    "lamb",    "moon",   "sun",    "frank",   "victor",   "art",      "sue",      "pat",
    "ray",     "gene",   "don",    "guy",     "nick",     "chase",    "hunter",   "lance",
    "miles",   "norman", "pierce", "royal",   "sterling", "blessing", "precious", "patience",
    "charity", "honor",  "honour", "angel",   "ash",      "bay"};
//! Words of a full name that are not names on their own ("Da" in "Da Silva").
constexpr std::string_view kParticles[] = {"da", "de", "del", "della", "der", "di",  "do", "dos",
                                           "du", "la", "le",  "van",   "von", "bin", "al", "el"};
constexpr std::size_t kMaxNameWords = 4;
//! Fuzzy (one-typo) matching is skipped for contexts with more single-word names than this.
constexpr std::size_t kMaxFuzzyKeys = 500;

bool IsCommonWord(std::string_view folded) {
  return std::find(std::begin(kCommonWords), std::end(kCommonWords), folded) !=
         std::end(kCommonWords);
}
bool IsParticle(std::string_view folded) {
  return std::find(std::begin(kParticles), std::end(kParticles), folded) != std::end(kParticles);
}

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string folded;
  std::size_t bare_end = 0;  // end without a possessive 's
  std::string bare;          // folded without a possessive 's
};

// Words: runs of letters and digits, with apostrophes and hyphens inside them.
std::vector<Token> Tokenise(std::string_view text) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = 0;
    char32_t cp = DecodeAt(text, i, len);
    if (!IsWordCodePoint(cp)) {
      i += len;
      continue;
    }
    std::size_t b = i;
    while (i < text.size()) {
      cp = DecodeAt(text, i, len);
      bool inner = (cp == '\'' || cp == 0x2019 || cp == '-') && WordAt(text, i + len);
      if (!IsWordCodePoint(cp) && !inner) break;
      i += len;
    }
    Token t;
    t.begin = b;
    t.end = i;
    t.folded = Fold(text.substr(b, i - b));
    t.bare = t.folded;
    t.bare_end = i;
    if (t.folded.size() > 2 && t.folded.ends_with("'s")) {
      t.bare.resize(t.folded.size() - 2);
      t.bare_end = i - (text.substr(b, i - b).ends_with("’s") ? 4 : 2);
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Damerau-Levenshtein distance at most one (one insertion, deletion, substitution or swap).
bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);
}

struct Entry {
  std::set<int> people;  // 1-based
  bool whole_name = false;
};

struct Table {
  std::map<std::string, Entry, std::less<>> keys;  // folded words joined by single spaces
};

Table Build(const Context& context) {
  Table table;
  for (std::size_t n = 0; n < context.people.size(); ++n) {
    int person = static_cast<int>(n) + 1;
    for (const auto& name : context.people[n].names) {
      std::vector<std::string> words;
      for (auto& t : Tokenise(name)) words.push_back(t.folded);
      if (words.empty()) continue;
      if (words.size() > kMaxNameWords) words.resize(kMaxNameWords);
      auto add = [&](const std::string& key, bool whole) {
        if (CodePoints(key) < 2) return;
        auto& e = table.keys[key];
        e.people.insert(person);
        e.whole_name = e.whole_name || whole;
      };
      for (std::size_t b = 0; b < words.size(); ++b) {
        std::string key;
        for (std::size_t e = b; e < words.size(); ++e) {
          if (e > b) key += ' ';
          key += words[e];
          bool whole = b == 0 && e + 1 == words.size();
          if (e == b && IsParticle(words[b]) && !whole) continue;
          add(key, whole || e > b);
        }
        // The parts of a hyphenated word ("clarke-hughes": "clarke", "hughes").
        const std::string& w = words[b];
        if (w.find('-') != std::string::npos) {
          std::size_t s = 0;
          while (s <= w.size()) {
            std::size_t h = w.find('-', s);
            if (h == std::string::npos) h = w.size();
            std::string part = w.substr(s, h - s);
            if (!IsParticle(part)) add(part, false);
            s = h + 1;
          }
        }
      }
    }
  }
  return table;
}

bool Capitalised(std::string_view text, const Token& t) {
  return internal::UpperAt(text, t.begin);
}

// Whitespace only (spaces, tabs, one line break) between two tokens of one name.
bool JoinedBySpace(std::string_view text, const Token& a, const Token& b) {
  if (a.end != a.bare_end) return false;  // "Amy's Clarke" is not one name
  std::string_view gap = text.substr(a.end, b.begin - a.end);
  if (gap.empty() || gap.size() > 3) return false;
  return std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

std::vector<Span> FindNames(std::string_view text, const Context& context) {
  std::vector<Span> out;
  Table table = Build(context);
  if (table.keys.empty()) return out;
  std::vector<const std::pair<const std::string, Entry>*> fuzzy;
  for (auto& kv : table.keys) {
    if (kv.first.find(' ') == std::string::npos && CodePoints(kv.first) >= 5 &&
        !IsCommonWord(kv.first)) {
      fuzzy.push_back(&kv);
    }
  }
  if (fuzzy.size() > kMaxFuzzyKeys) fuzzy.clear();

  std::vector<Token> tokens = Tokenise(text);
  auto emit = [&](std::size_t b, std::size_t e, const Entry& entry) {
    int person = entry.people.size() == 1 ? *entry.people.begin() : 0;
    out.push_back(Span{Kind::kName, b, e, person});
  };
  for (std::size_t i = 0; i < tokens.size();) {
    bool matched = false;
    // Longest run of words first: "Mary Anne O'Neill" before "Mary Anne" before "Mary".
    for (std::size_t len = std::min(kMaxNameWords, tokens.size() - i); len >= 1 && !matched;
         --len) {
      bool joined = true;
      for (std::size_t k = i; k + 1 < i + len; ++k) {
        if (!JoinedBySpace(text, tokens[k], tokens[k + 1])) joined = false;
      }
      if (!joined) continue;
      for (bool bare : {false, true}) {
        std::string key;
        for (std::size_t k = i; k < i + len; ++k) {
          if (k > i) key += ' ';
          key += (k + 1 == i + len && bare) ? tokens[k].bare : tokens[k].folded;
        }
        auto it = table.keys.find(key);
        if (it == table.keys.end()) continue;
        if (len == 1 && IsCommonWord(key) && !Capitalised(text, tokens[i])) continue;
        const Token& last = tokens[i + len - 1];
        emit(tokens[i].begin, bare ? last.bare_end : last.end, it->second);
        i += len;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const Token& t = tokens[i];
    // Parts of a hyphenated word in the text ("Amy-Leigh" when only "Amy" is known).
    if (t.bare.find('-') != std::string::npos) {
      std::size_t s = 0;
      std::string_view raw = text.substr(t.begin, t.bare_end - t.begin);
      while (s <= raw.size()) {
        std::size_t h = raw.find('-', s);
        if (h == std::string_view::npos) h = raw.size();
        std::string part = Fold(raw.substr(s, h - s));
        auto it = table.keys.find(part);
        if (it != table.keys.end() && !(IsCommonWord(part) && !internal::UpperAt(raw, s))) {
          emit(t.begin + s, t.begin + h, it->second);
        }
        s = h + 1;
      }
      ++i;
      continue;
    }
    // One typo in a longer name: capitalised, or six letters or more.
    std::size_t cps = CodePoints(t.bare);
    if (cps >= 5 && (Capitalised(text, t) || cps >= 6) && !IsCommonWord(t.bare)) {
      const Entry* found = nullptr;
      for (auto* kv : fuzzy) {
        if (WithinOneEdit(t.bare, kv->first)) {
          found = &kv->second;
          break;
        }
      }
      if (found != nullptr) emit(t.begin, t.bare_end, *found);
    }
    ++i;
  }
  return out;
}

}  // namespace casekeep::anonymise
