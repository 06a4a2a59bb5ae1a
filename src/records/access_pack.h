// Access packs (UK GDPR Art 15) and portability (Art 20): what the records service gives a person
// who asks for their data (docs/rights.md). A pack holds everything kept about the person, with
// other people's information replaced by typed placeholders that the DPO reviews item by item;
// the review is stateless: the draft is rebuilt deterministically and the decisions are supplied
// with the final build. Rendering (HTML, CSV, the tar archive) is pure.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"

namespace casekeep::records {

//! The DPO's decision on one redaction item.
struct RedactionDecision {
  bool release = false;  //!< true: the redacted text is given to the person
  std::string reason;    //!< why; required for every decision
};

struct AccessPackOptions {
  //! Build the final pack: every redaction item must have a decision, and no decision may name
  //! an item the draft does not have.
  bool final = false;
  //! Item id -> decision (see RedactionItem::id).
  std::map<std::string, RedactionDecision> decisions;
  //! "S-…" of a person with parental responsibility asking for a child's data (DPA 2018 Sch 3
  //! Part 5): information in categories relied on to safeguard children becomes redaction items
  //! too, withheld unless the DPO finds disclosure in the child's best interests.
  std::string requested_by;
};

//! One piece of information withheld from the pack until the DPO decides.
struct RedactionItem {
  std::string id;        //!< "X-" + 12 hex: stable while the data does not change
  std::string location;  //!< code of the record, person or case it is in, or "consent:<id>"
  std::string field;     //!< field id, "members" or "note"
  //! third_party_field, linked_person, name, email, phone, identifier, attachment, child_abuse
  std::string kind;
  std::string whose;  //!< "S-…" of the person it identifies, empty when unknown
  std::string text;   //!< the withheld text (for the DPO; never in a final pack unless released)
  std::optional<RedactionDecision> decision;
};

//! An assembled pack: `data` is the pack's content with placeholders for every item not
//! released (see docs/rights.md for its members).
struct AccessPack {
  std::string subject;
  bool final = false;
  bool restricted = false;
  nlohmann::json data;
  std::vector<RedactionItem> items;
  //! Attachments released by the DPO: (archive name, bytes), in item order.
  std::vector<std::pair<std::string, std::string>> files;
};

//! The placeholder written in place of an item: "[withheld X-…: <what>]".
std::string Placeholder(const RedactionItem& item);

//! Decisions from JSON: {"X-…": {"release": bool, "reason": "..."}, ...}. kInvalidArgument for
//! anything else, an empty reason or more than 100000 decisions.
[[nodiscard]] Result<std::map<std::string, RedactionDecision>> ParseDecisions(
    const nlohmann::json& j);

//! The draft's redaction items for the DPO (with whose and text) as JSON.
nlohmann::json ItemsJson(const std::vector<RedactionItem>& items);

//! The pack as one self-contained, print-friendly HTML document; every value escaped. The
//! Article 15 information is written from the policy in the privacy notice's words.
std::string PackHtml(const policy::Policy& policy, const AccessPack& pack);

//! CSV files of the pack's tables: name ("people.csv", ...) -> content.
std::vector<std::pair<std::string, std::string>> PackCsv(const AccessPack& pack);

//! An uncompressed POSIX (ustar) tar archive of the pack: pack.html, pack.json, one CSV file
//! per table and the released attachments under attachments/, all in a folder named after the
//! person's code.
std::string PackArchive(const policy::Policy& policy, const AccessPack& pack);

//! An uncompressed ustar archive of `files` (name, bytes); names up to 100 bytes.
std::string TarArchive(const std::vector<std::pair<std::string, std::string>>& files,
                       std::int64_t mtime);

//! Data a person provided, for portability (Art 20): see RecordsService::ExportPortable.
struct PortableData {
  std::string subject;
  nlohmann::json data;  //!< {"subject", "generated_at", "fields", "records": [...]}
};

//! The portable data as CSV: source,code,type,occurred_on,field,value.
std::string PortableCsv(const PortableData& data);

}  // namespace casekeep::records
