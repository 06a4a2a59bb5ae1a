// Retention in the records service: the dates each record is kept to (worked out by
// retention::Evaluate whenever an input changes, and stored so planning never opens a record),
// holds, explanations, plans, their approval and the sweep that disposes of what is due
// (docs/retention.md). Plain values; the operations are RecordsService members (retention.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace casekeep::records {

//! A hold to place.
struct NewHold {
  std::string kind;    //!< policy hold kind id
  std::string target;  //!< "S-…" (a person: their records and their cases'), "C-…" or "R-…"
  std::string reason;  //!< why; kept encrypted
  std::string review_on;  //!< YYYY-MM-DD; empty: today plus the kind's review period (or 1 year)
};

struct HoldView {
  std::string code;
  std::string kind;
  std::string target;
  std::string placed_by;
  std::int64_t placed_at = 0;
  std::optional<std::string> review_on;
  std::string reason;
  std::optional<std::int64_t> released_at;
  std::string released_by;
  std::string release_note;
};

//! Why a record is kept to the date it is: the rule, its dates, its holds.
struct RetentionExplanation {
  std::string record;
  std::string type;
  std::string status;  //!< retention::StatusName: dispose, review, trigger-unknown, no-rule, ...
  std::string rule;    //!< empty when no rule applies
  std::string rule_label;
  std::string reason;  //!< the rule's reason
  std::optional<std::string> trigger;
  std::optional<std::string> dispose_on;
  std::optional<std::string> review_on;
  struct Partial {
    std::vector<std::string> fields;
    std::string on;
    bool done = false;  //!< the fields have already been removed
  };
  std::vector<Partial> partial;
  std::vector<std::string> explanation;  //!< sentences
  std::vector<HoldView> holds;           //!< active holds that cover the record
};

//! One thing a sweep would do.
struct PlanItem {
  std::string record;
  std::string type;
  std::string action;  //!< "dispose" or "partial:<field>,<field>"
  std::string due_on;
  std::string rule;
  std::string reason;                //!< the rule's reason, from the policy
  std::vector<std::string> held_by;  //!< codes of active holds covering it; empty: not held
};

struct RetentionPlan {
  std::string code;            //!< "P-…" once stored for approval; empty for a command-line plan
  std::string as_of;           //!< YYYY-MM-DD
  std::vector<PlanItem> due;   //!< due and not held: what a sweep disposes of
  std::vector<PlanItem> held;  //!< due but held
  std::string created_by;
  std::string approved_by;  //!< empty until approved
  bool executed = false;
};

//! What is due a review by a date: indefinitely kept records and holds.
struct ReviewQueue {
  struct Record {
    std::string record;
    std::string type;
    std::string rule;
    std::string review_on;
  };
  std::vector<Record> records;
  std::vector<HoldView> holds;
};

struct SweepResult {
  std::int64_t disposed = 0;        //!< whole records removed
  std::int64_t partial = 0;         //!< records from which some fields were removed
  std::int64_t skipped = 0;         //!< no longer due, held since the plan, or already gone
  std::int64_t keys_destroyed = 0;  //!< case keys destroyed once their last record went
};

//! Called after each item of a long operation: (done, total).
using RetentionProgress = std::function<void(std::int64_t, std::int64_t)>;

}  // namespace casekeep::records
