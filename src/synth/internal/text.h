// Private to src/synth: free text for text fields (case notes, session observations,
// safeguarding concerns, chat transcripts, ...) built from sentence templates. The text names
// the family's people by first name and sometimes carries a phone number, an email address or a
// date, so that redaction and anonymisation can be tested on it. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "synth/internal/random.h"

namespace casekeep::synth::internal {

//! What sort of text a field holds, decided once per field from its id.
enum class TextKind {
  kNote,            //!< a case note or summary (the default)
  kTranscript,      //!< a chat transcript, one line per message
  kObservation,     //!< what a worker saw during a session
  kConcern,         //!< a safeguarding concern or risk
  kHealth,          //!< medical needs, medication, pregnancy
  kFeedback,        //!< a family's answers or comments
  kAbsence,         //!< why a session did not happen
  kNames,           //!< names of people outside the family, with how they are related
  kContactDetails,  //!< someone else's phone number and email address
  kAddress,         //!< a postal address (written by the caller, not by WriteText)
  kStaff,           //!< a note in a staff member's own file
};

//! The kind of text a field with this id holds ("transcript" -> kTranscript, ...).
TextKind ClassifyTextField(std::string_view field_id);

//! Who and what a text may mention. Empty names fall back to neutral words ("the other
//! parent"); the views must outlive the WriteText call.
struct TextPeople {
  std::string_view adult;        //!< the parent or carer the record is mostly about
  std::string_view other_adult;  //!< the other parent, in the family or not
  std::string_view other_adult_surname;
  std::string_view child;
  std::string_view worker;    //!< a professional or a member of staff
  std::string_view outsider;  //!< someone outside the family (a friend, a grandparent)
  std::string_view town;
  std::string_view phone;
  std::string_view email;
  int child_age = 0;
  bool adult_female = false;  //!< the adult may be pregnant
};

//! Appends text of `kind` about `people`, with dates near `day` (days since 1970-01-01).
void WriteText(Rng& rng, TextKind kind, const TextPeople& people, std::int64_t day,
               std::string& out);

}  // namespace casekeep::synth::internal
