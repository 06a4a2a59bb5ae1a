// Precision and recall of the anonymiser on the labelled corpus (tests/anonymise/, format in
// docs/anonymisation.md). A detection counts as correct if it overlaps a labelled span of the
// same type; a label counts as found if some detection of its type overlaps it. Fails if recall
// on names, emails, phones or postcodes is below 0.95, or any type falls below its floor.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "anonymise/anonymise.h"

namespace casekeep::anonymise {
namespace {

struct Label {
  Kind kind;
  std::size_t begin;
  std::size_t end;
};

struct Doc {
  std::string id;
  Context context;
  std::string text;
  std::vector<Label> labels;
};

// "Amy Clarke; Mary Anne O'Neill=Annie,Mazza"
Context ParsePeople(const std::string& line) {
  Context c;
  std::stringstream ss(line);
  std::string item;
  while (std::getline(ss, item, ';')) {
    auto trim = [](std::string s) {
      while (!s.empty() && s.front() == ' ') s.erase(0, 1);
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    Person p;
    std::size_t eq = item.find('=');
    p.names.push_back(trim(item.substr(0, eq)));
    if (eq != std::string::npos) {
      std::stringstream aliases(item.substr(eq + 1));
      std::string a;
      while (std::getline(aliases, a, ',')) p.names.push_back(trim(a));
    }
    c.people.push_back(std::move(p));
  }
  return c;
}

// Removes the {{KIND:text}} markup, recording each label's span in the plain text.
void ParseMarkup(const std::string& marked, Doc& doc) {
  std::size_t i = 0;
  while (i < marked.size()) {
    std::size_t open = marked.find("{{", i);
    if (open == std::string::npos) {
      doc.text += marked.substr(i);
      break;
    }
    doc.text += marked.substr(i, open - i);
    std::size_t colon = marked.find(':', open);
    std::size_t close = marked.find("}}", open);
    ASSERT_NE(colon, std::string::npos) << doc.id;
    ASSERT_NE(close, std::string::npos) << doc.id;
    auto kind = ParseKind(marked.substr(open + 2, colon - open - 2));
    ASSERT_TRUE(kind.has_value()) << doc.id << ": " << marked.substr(open, 30);
    std::string value = marked.substr(colon + 1, close - colon - 1);
    doc.labels.push_back(Label{*kind, doc.text.size(), doc.text.size() + value.size()});
    doc.text += value;
    i = close + 2;
  }
}

std::vector<Doc> LoadCorpus(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<Doc> docs;
  std::string line;
  std::string body;
  auto finish = [&]() {
    if (docs.empty()) return;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    ParseMarkup(body, docs.back());
    body.clear();
  };
  while (std::getline(in, line)) {
    if (line.starts_with("=== ")) {
      finish();
      docs.push_back(Doc{line.substr(4), {}, {}, {}});
      continue;
    }
    if (docs.empty()) continue;  // the file's leading comments
    if (line.starts_with("@people ") && body.empty()) {
      docs.back().context = ParsePeople(line.substr(8));
      continue;
    }
    body += line + "\n";
  }
  finish();
  return docs;
}

struct Score {
  int labels = 0, found = 0;       // recall: labels overlapped by a detection
  int predicted = 0, correct = 0;  // precision: detections overlapping a label
  double Recall() const { return labels == 0 ? 1.0 : double(found) / labels; }
  double Precision() const { return predicted == 0 ? 1.0 : double(correct) / predicted; }
};

bool Overlap(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) {
  return b1 < e2 && b2 < e1;
}

std::map<Kind, Score> Measure(const std::vector<Doc>& docs, const char* title) {
  std::map<Kind, Score> score;
  bool verbose = std::getenv("CASEKEEP_CORPUS_VERBOSE") != nullptr;
  for (const auto& doc : docs) {
    auto draft = Anonymise(doc.text, doc.context);
    EXPECT_TRUE(draft.has_value()) << doc.id << ": " << draft.error().message;
    if (!draft) continue;
    for (const auto& l : doc.labels) {
      auto& s = score[l.kind];
      ++s.labels;
      bool hit = false;
      for (const auto& r : draft->replacements) {
        if (r.kind == l.kind && Overlap(r.begin, r.end, l.begin, l.end)) hit = true;
      }
      if (hit) {
        ++s.found;
      } else if (verbose) {
        std::printf("missed %s %s: %s\n", doc.id.c_str(), std::string(KindName(l.kind)).c_str(),
                    doc.text.substr(l.begin, l.end - l.begin).c_str());
      }
    }
    for (const auto& r : draft->replacements) {
      auto& s = score[r.kind];
      ++s.predicted;
      bool hit = false;
      for (const auto& l : doc.labels) {
        if (r.kind == l.kind && Overlap(r.begin, r.end, l.begin, l.end)) hit = true;
      }
      if (hit) {
        ++s.correct;
      } else if (verbose) {
        std::printf("wrong %s %s: %s\n", doc.id.c_str(), std::string(KindName(r.kind)).c_str(),
                    r.original.c_str());
      }
    }
  }
  std::printf("%s (%zu documents)\n", title, docs.size());
  std::printf("%-14s %7s %9s %9s %7s\n", "type", "labels", "detected", "precision", "recall");
  for (Kind k : kAllKinds) {
    const auto& s = score[k];
    std::printf("%-14s %7d %9d %9.3f %7.3f\n", std::string(KindName(k)).c_str(), s.labels,
                s.predicted, s.Precision(), s.Recall());
  }
  return score;
}

std::vector<Doc> Load(const char* file) {
  return LoadCorpus(std::string(CASEKEEP_SOURCE_DIR) + "/tests/anonymise/" + file);
}

TEST(AnonymiseCorpus, HandWrittenHardCases) {
  auto docs = Load("handwritten.txt");
  ASSERT_GE(docs.size(), 8u);
  auto score = Measure(docs, "hand-written hard cases");
  // Small: a floor on names only, where the hard cases are (common words, lower case).
  EXPECT_GE(score[Kind::kName].Recall(), 0.85);
  EXPECT_GE(score[Kind::kName].Precision(), 0.85);
}

TEST(AnonymiseCorpus, PrecisionAndRecallPerType) {
  std::vector<Doc> docs = Load("corpus.txt");
  auto hand = Load("handwritten.txt");
  docs.insert(docs.end(), hand.begin(), hand.end());
  ASSERT_GT(docs.size(), 200u);
  auto score = Measure(docs, "whole corpus");
  // Recall the issue requires, and floors at what the detectors achieve (docs/anonymisation.md).
  const std::map<Kind, std::pair<double, double>> floors = {
      // kind: {precision, recall}
      {Kind::kName, {0.90, 0.95}},        {Kind::kEmail, {0.95, 0.95}},
      {Kind::kPhone, {0.90, 0.95}},       {Kind::kPostcode, {0.90, 0.95}},
      {Kind::kNhsNumber, {0.90, 0.90}},   {Kind::kNiNumber, {0.90, 0.90}},
      {Kind::kDateOfBirth, {0.80, 0.80}}, {Kind::kAddress, {0.80, 0.80}},
  };
  for (const auto& [k, f] : floors) {
    EXPECT_GE(score[k].labels,
              k == Kind::kName || k == Kind::kEmail || k == Kind::kPhone || k == Kind::kPostcode
                  ? 150
                  : 80)
        << KindName(k);
    EXPECT_GE(score[k].Precision(), f.first) << KindName(k) << " precision";
    EXPECT_GE(score[k].Recall(), f.second) << KindName(k) << " recall";
  }
}

}  // namespace
}  // namespace casekeep::anonymise
