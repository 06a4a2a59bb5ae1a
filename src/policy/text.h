// Text utilities for the documents written from a policy (the privacy notice and the record of
// processing): escaping for HTML, Markdown and CSV; free text split into paragraphs and lists;
// label joining; a small format-neutral Document written out as HTML or Markdown; and the
// plain-English wording of policy constructs that both documents share (retention, conditions).
// Free functions are pure and thread-safe. A Document is a plain value: build it on one thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/legal.h"
#include "policy/model.h"

namespace casekeep::policy {

// ---------------------------------------------------------------------------------------------
// Escaping and small words.

//! Escapes &, <, > and " for HTML text and double-quoted attribute values (the only kind this
//! code writes). Control characters other than tab and newline are dropped (HTML forbids them).
std::string EscapeHtml(std::string_view s);

//! Escapes text for one line of Markdown (a paragraph, list item or heading): characters that
//! would start emphasis, links, code, raw HTML, entities or table cells are backslash-escaped,
//! a leading block marker ("#", "-", "+", "=", ">", "1.") is neutralised, and line breaks
//! become spaces.
std::string EscapeMarkdown(std::string_view s);

//! EscapeMarkdown for a GitHub-flavoured table cell ("|" is escaped by both): a newline becomes
//! "<br>", and no block marker needs neutralising.
std::string EscapeMarkdownCell(std::string_view s);

//! One CSV field per RFC 4180: quoted (with quotes doubled) when it holds a comma, a quote, CR
//! or LF; otherwise unchanged. Spreadsheet formulas are not neutralised: the policy's text is
//! the administrator's own.
std::string CsvField(std::string_view s);

//! One CSV record: the fields quoted by CsvField, separated by commas, ended by CRLF.
std::string CsvRow(const std::vector<std::string>& fields);

//! "a", "a and b", "a, b and c" (with `last` in place of "and"); "" for no items.
std::string JoinLabels(const std::vector<std::string>& items, std::string_view last = "and");

//! The items with `separator` between them ("" for no items).
std::string Join(const std::vector<std::string>& items, std::string_view separator);

//! Lower-cases the first letter unless the second is upper case too ("Date of birth" -> "date
//! of birth", "DBS check" unchanged), for labels used inside a sentence.
std::string LowerFirst(std::string_view s);

//! English name of an ISO 3166-1 alpha-2 code ("US" -> "United States"); the code itself if
//! unknown; "United Kingdom" for "GB" or "".
std::string CountryName(std::string_view iso);

//! True when `iso` names a country other than the UK ("" counts as the UK).
bool IsOutsideUk(std::string_view iso);

//! "2024-07-08" -> "8 July 2024"; anything that is not a valid YYYY-MM-DD is returned unchanged.
std::string FormatDate(std::string_view iso_date);

// ---------------------------------------------------------------------------------------------
// Free text: paragraphs are separated by blank lines, lines starting "- " are list items, an
// indented line continues the list item above it.

struct TextBlock {
  bool list = false;
  std::vector<std::string> items;  //!< a paragraph has exactly one item
};

//! The blocks of `text`, each line trimmed and the lines of a paragraph joined by a space.
std::vector<TextBlock> SplitFreeText(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Document: headings, paragraphs, lists and tables, written as HTML5 or Markdown.

struct Table {
  std::string caption;
  std::vector<std::string> columns;            //!< column headings; the first heads row headers
  std::vector<std::vector<std::string>> rows;  //!< rows[i][0] is the row header; '\n' breaks
};

class Document {
 public:
  //! A heading of `level` (1-3). A level deeper than one below the previous heading is raised so
  //! that levels are never skipped. A blank heading is left out.
  void Heading(int level, std::string_view text);
  void Paragraph(std::string_view text);
  //! Free text in the form SplitFreeText reads; nothing for empty text.
  void FreeText(std::string_view text);
  //! A bulleted list; nothing for no items.
  void List(std::vector<std::string> items);
  //! A paragraph "before<link>after"; the link is plain text when href is empty.
  void LinkParagraph(std::string_view before, std::string_view text, std::string_view href,
                     std::string_view after);
  //! A table; nothing when it has no rows. Short rows are padded with empty cells.
  void AddTable(Table table);

  //! A complete HTML5 document titled `title`, with a small print-friendly stylesheet.
  std::string ToHtml(std::string_view title) const;
  //! GitHub-flavoured Markdown with pipe tables.
  std::string ToMarkdown() const;

 private:
  enum class Kind { kHeading, kParagraph, kList, kLink, kTable };
  struct Block {
    Kind kind = Kind::kParagraph;
    int level = 0;
    std::vector<std::string> texts;  // paragraph: 1; list: items; link: before, text, href, after
    Table table;
  };
  std::vector<Block> blocks_;
  int last_level_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Policy wording shared by the notice and the record of processing.

//! Labels of the given ids, in the order given; an unknown id stands for itself.
std::vector<std::string> CategoryLabels(const Policy& p, const std::vector<std::string>& ids);
std::vector<std::string> ServiceLabels(const Policy& p, const std::vector<std::string>& ids);

//! "Address: ...", "Email: ...", ... for each detail that is set; a multi-line address is
//! joined with commas.
std::vector<std::string> ContactLines(const Contact& c);
//! The organisation's own details in the same form, with its numbers.
std::vector<std::string> OrganisationLines(const Organisation& o);
//! The name the organisation is known by in law: legal_name, else name.
std::string ControllerName(const Organisation& o);

//! What a retention rule keeps: its label, else the labels of its record types.
std::string RetentionWhat(const Policy& p, const RetentionRule& rule);
//! How long, with its starting point: "3 years after the case is closed", "until 25 years after
//! the child's date of birth", "Indefinitely, reviewed every 1 year".
std::string RetentionHowLong(const Policy& p, const RetentionRule& rule);
//! The rule's conditions in words, one line each; empty when it always applies.
std::vector<std::string> RetentionConditions(const Policy& p, const RetentionRule& rule);
//! Partial retention in words, one line per part, then "The rest: ..."; empty when none.
std::vector<std::string> PartialRetentionLines(const Policy& p, const RetentionRule& rule);

//! The legal reference for relying on `c` for data of kind `k`: "Art 9(2)(a)" for explicit
//! consent to health data, "Art 9(2)(g), DPA 2018 Sch 1 para 18", or for criminal offence data
//! "Art 10, DPA 2018 Sch 1 para 18".
std::string ConditionCitation(SpecialKind k, Article9Condition c);

//! True when relying on any of the category's conditions needs an appropriate policy document.
bool NeedsPolicyDocument(const Category& c);

}  // namespace casekeep::policy
