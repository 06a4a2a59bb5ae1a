// Sentence templates for generated free text (see text.h). A template names people and values
// by placeholders: {A} adult, {B} other adult, {C} child, {N} the child's age, {W} worker,
// {X} someone outside the family, {O} town, {P} phone, {E} email, {D} a date, {T} a time.
// A leading '^' marks a sentence only for a child of school age (4 and over), '~' one only for
// a child under 3.
// Thread-safe: constant data.
#include "synth/internal/text.h"

#include <algorithm>
#include <iterator>
#include <span>

#include "synth/internal/names.h"
#include "synth/internal/values.h"

namespace casekeep::synth::internal {
namespace {

using Templates = std::span<const std::string_view>;

constexpr std::string_view kNotes[] = {
    "Phoned {A} to confirm the session on {D}; {A} said {C} is looking forward to it.",
    "{A} called to say {C} has been unwell and asked to move the next meeting to {D}.",
    "Spoke with {B} about arrangements for {C}; {B} will call back after {T}.",
    "Email from {A} asking whether {X} can come to the next session with {C}.",
    "{W} asked for an update before the review meeting on {D}.",
    "Left a voicemail for {A} on {P}; no reply yet.",
    "{A} gave a new mobile number, {P}, and asked for letters to go by email to {E}.",
    "{B} missed the appointment on {D}; a letter was sent offering another date.",
    "^{A} says {C} (aged {N}) is settling well at school and sleeping better.",
    "Sent the dates for the next six weeks to {E}.",
    "Discussed next steps with {A}; review set for {D}.",
    "^{C} told {A} about the last visit and wants to bring a drawing for {B}.",
    "^{A} moved to {O} last month and is still waiting for a school place for {C}.",
    "Home visit on {D}: {A} and {C} were both in; the flat was warm and tidy.",
    "{A} has started the parenting course and found the session on routines useful.",
    "Case discussed in supervision with {W}; no change to the plan.",
};

constexpr std::string_view kObservations[] = {
    "{C} arrived with {A} at {T} and went straight to the play area.",
    "{B} arrived on time and greeted {C} warmly; {C} ran over for a hug.",
    "^They played a board game together and {B} praised {C} for taking turns.",
    "{C} was quiet at first but relaxed after about ten minutes.",
    "^{B} asked {C} about school and {C} talked about a friend called {X}.",
    "Snack time went well; {B} had brought fruit and a drink for {C}.",
    "At the end {C} said goodbye to {B} without distress and was collected by {A} at {T}.",
    "No concerns were noted during the session.",
    "{B} became upset when talking about arrangements for {D}; the worker reminded {B} not to "
    "discuss adult matters in front of {C}.",
    "^{C} showed {B} a reading book and they read it together.",
    "~{B} managed a nappy change and feed confidently.",
};

constexpr std::string_view kConcerns[] = {
    "^{C} said that {B} shouts at home and that {C} felt scared.",
    "Staff noticed a bruise on {C}'s left arm; {A} said {C} fell at the park on {D}.",
    "{A} disclosed that {B} has been sending threatening messages; {A} asked us to call only {P}.",
    "Discussed with the designated safeguarding lead on {D}; referral made to children's social "
    "care.",
    "{A} was advised to call the police if the messages continued.",
    "^{C} seemed withdrawn and did not want to leave with {B} at the end of the session.",
    "Concern shared with {W} by phone the same day.",
    "{A} said they were feeling low and not coping; signposted to the GP and a crisis line.",
    "{B} arrived smelling of alcohol at {T}; the session was stopped and {C} stayed with {A}.",
    "^{C} mentioned that {X} has been staying at the house and sleeps on the sofa.",
};

constexpr std::string_view kHealth[] = {
    "{C} has a nut allergy and carries an adrenaline auto-injector.",
    "{C} uses an inhaler for asthma; {A} will bring it to each session.",
    "{A} takes sertraline, reviewed by the GP on {D}.",
    "{C} has eczema; please avoid scented wipes.",
    "No known medical needs.",
    "{A} was in hospital for two nights from {D} with high blood pressure.",
    "{C} is on the waiting list for a speech and language assessment.",
};

constexpr std::string_view kPregnancy[] = {
    "{A} is 32 weeks pregnant and was last seen by the midwife on {D}.",
    "{A} had a scan on {D}; baby is growing well.",
    "{A} has been feeling very anxious since the birth and is waiting for a perinatal mental "
    "health appointment.",
};

constexpr std::string_view kFeedback[] = {
    "The staff were friendly and {C} loved the toys.",
    "It would help to have more weekend sessions.",
    "The coach really listened and the tips about bedtime worked.",
    "The waiting room felt cramped on {D}.",
    "Thank you for everything, {W} was brilliant.",
    "I felt safe and the handover worked well.",
    "Hard to get to from {O} by bus.",
};

constexpr std::string_view kAbsence[] = {
    "{C} had a temperature.",
    "{B} said the car had broken down.",
    "Cancelled by the centre: staff illness.",
    "{A} forgot; rearranged for {D}.",
    "{B} did not arrive and did not answer on {P}.",
    "Snow; the centre closed early.",
};

constexpr std::string_view kStaffNotes[] = {
    "Probation review with {A} on {D}; no concerns.",
    "{A} asked to reduce hours from {D}.",
    "Return to work meeting held on {D} after sick leave.",
    "{A} completed safeguarding refresher training on {D}.",
    "Supervision with {W}: caseload discussed; {A} to shadow a supervised session.",
    "{A} gave a new mobile number, {P}.",
    "Annual appraisal booked for {D}.",
    "{A} confirmed their bank details by email from {E}.",
};

constexpr std::string_view kCoachLines[] = {
    "Thanks for telling me that, {A}. How old is {C}?",
    "That sounds really hard. What have you tried so far?",
    "Lots of parents find a calm, predictable bedtime routine helps.",
    "Would it help if I sent you some ideas by email to {E}?",
    "Is there anyone who can support you at home?",
    "If you ever think {C} is in danger, please call 999.",
    "We are open again tomorrow from 9am if you want to chat again.",
    "It might help to talk to the health visitor about this too.",
};

constexpr std::string_view kParentLines[] = {
    "^{C} has been having huge tantrums since {B} moved out.",
    "I've tried taking away screen time but it just makes it worse.",
    "My mum helps sometimes but she lives over in {O}.",
    "Yes please, my email is {E}.",
    "^Bedtime is the worst, {C} is still up at 10pm.",
    "Thanks, that's really helpful.",
    "You can ring me on {P} if we get cut off.",
    "{C} starts nursery on {D} and I'm dreading it.",
    "{X} from the school said I should get in touch.",
};

constexpr std::string_view kRelations[] = {"grandmother",   "grandfather", "aunt",     "uncle",
                                           "family friend", "childminder", "neighbour"};

void Expand(Rng& rng, std::string_view tmpl, const TextPeople& p, std::int64_t day,
            std::string& out) {
  const auto name = [](std::string_view value, std::string_view fallback) {
    return value.empty() ? fallback : value;
  };
  while (!tmpl.empty()) {
    const std::size_t open = tmpl.find('{');
    if (open == std::string_view::npos || open + 2 >= tmpl.size() || tmpl[open + 2] != '}') {
      out.append(tmpl);
      return;
    }
    out.append(tmpl.substr(0, open));
    switch (tmpl[open + 1]) {
      case 'A': out.append(name(p.adult, "the parent")); break;
      case 'B': out.append(name(p.other_adult, "the other parent")); break;
      case 'C': out.append(name(p.child, "the baby")); break;
      case 'N': AppendInt(out, p.child_age); break;
      case 'W': out.append(name(p.worker, "the key worker")); break;
      case 'X': out.append(name(p.outsider, "a friend")); break;
      case 'O': out.append(name(p.town, "town")); break;
      case 'P': out.append(name(p.phone, "the usual number")); break;
      case 'E': out.append(name(p.email, "the usual address")); break;
      case 'D': AppendLongDate(out, day + rng.Between(0, 21)); break;
      case 'T': AppendClock(out, 9 * 60 + 5 * rng.Int(0, 105)); break;
      default: out.append(tmpl.substr(open, 3)); break;
    }
    tmpl.remove_prefix(open + 3);
  }
}

// Whether a template suits the child's age (see the markers above).
bool Suits(std::string_view tmpl, const TextPeople& p) {
  if (tmpl.starts_with('^')) return p.child_age >= 4 && !p.child.empty();
  if (tmpl.starts_with('~')) return p.child_age < 3 && !p.child.empty();
  return true;
}

// Appends `count` different sentences that suit the people.
void Sentences(Rng& rng, Templates templates, int count, const TextPeople& p, std::int64_t day,
               std::string& out) {
  std::size_t used[8];
  std::size_t n_used = 0;
  for (int i = 0; i < count && n_used < std::size(used); ++i) {
    std::size_t pick = rng.Index(templates.size());
    for (int tries = 0; tries < 8; ++tries) {
      const bool seen = std::find(used, used + n_used, pick) != used + n_used;
      if (!seen && Suits(templates[pick], p)) break;
      pick = rng.Index(templates.size());
    }
    if (std::find(used, used + n_used, pick) != used + n_used || !Suits(templates[pick], p)) {
      continue;
    }
    used[n_used++] = pick;
    if (!out.empty()) out.push_back(' ');
    std::string_view tmpl = templates[pick];
    if (tmpl.starts_with('^') || tmpl.starts_with('~')) tmpl.remove_prefix(1);
    Expand(rng, tmpl, p, day, out);
  }
  if (n_used == 0) {  // every list has sentences that suit anyone
    const auto any = std::find_if(templates.begin(), templates.end(),
                                  [&p](std::string_view t) { return Suits(t, p); });
    if (any != templates.end()) {
      if (!out.empty()) out.push_back(' ');
      Expand(rng, *any, p, day, out);
    }
  }
}

// Appends one line that suits the people.
void Line(Rng& rng, Templates templates, const TextPeople& p, std::int64_t day, std::string& out) {
  std::string_view tmpl = rng.Pick(templates);
  for (int tries = 0; tries < 8 && !Suits(tmpl, p); ++tries) tmpl = rng.Pick(templates);
  if (!Suits(tmpl, p)) tmpl = templates.front();
  if (tmpl.starts_with('^') || tmpl.starts_with('~')) tmpl.remove_prefix(1);
  Expand(rng, tmpl, p, day, out);
}

void Transcript(Rng& rng, const TextPeople& p, std::int64_t day, std::string& out) {
  const std::string_view speaker = p.adult.empty() ? std::string_view("Parent") : p.adult;
  out.append(
      "Coach: Hello, you're through to a parenting coach. What would you like to talk "
      "about today?\n");
  out.append(speaker);
  Expand(rng,
         p.child_age < 1 ? ": Hi, it's {A}. I'm finding things hard with my baby, {C}.\n"
                         : ": Hi, it's {A}. I'm struggling with {C}, who is {N}.\n",
         p, day, out);
  const int exchanges = rng.Int(1, 4);
  for (int i = 0; i < exchanges; ++i) {
    out.append("Coach: ");
    Line(rng, kCoachLines, p, day, out);
    out.push_back('\n');
    out.append(speaker);
    out.append(": ");
    Line(rng, kParentLines, p, day, out);
    out.push_back('\n');
  }
  out.append("Coach: Take care, and come back any time.");
}

void OtherPeople(Rng& rng, std::string& out) {
  const int count = rng.Int(1, 3);
  for (int i = 0; i < count; ++i) {
    if (i > 0) out.append(", ");
    out.append(rng.Pick(GivenNames()));
    out.push_back(' ');
    out.append(rng.Pick(Surnames()));
    out.append(" (");
    out.append(rng.Pick(kRelations));
    out.push_back(')');
  }
}

}  // namespace

TextKind ClassifyTextField(std::string_view id) {
  const auto has = [id](std::string_view part) { return id.find(part) != std::string_view::npos; };
  if (has("transcript")) return TextKind::kTranscript;
  if (has("address")) return TextKind::kAddress;
  if (has("contact")) return TextKind::kContactDetails;
  if (has("collector") || has("witness") || has("names") || has("referee") ||
      has("family_members") || has("other_adult")) {
    return TextKind::kNames;
  }
  if (has("absence")) return TextKind::kAbsence;
  if (has("observation") || has("presentation")) return TextKind::kObservation;
  if (has("concern") || has("risk") || has("injur") || has("action") || has("disclos") ||
      has("offen")) {
    return TextKind::kConcern;
  }
  if (has("health") || has("medic") || has("pregnan") || has("admission") || has("genetic")) {
    return TextKind::kHealth;
  }
  if (has("answer") || has("comment") || has("feedback") || has("content")) {
    return TextKind::kFeedback;
  }
  return TextKind::kNote;
}

void WriteText(Rng& rng, TextKind kind, const TextPeople& p, std::int64_t day, std::string& out) {
  out.reserve(out.size() + (kind == TextKind::kTranscript ? 640 : 320));
  switch (kind) {
    case TextKind::kTranscript: Transcript(rng, p, day, out); return;
    case TextKind::kObservation: Sentences(rng, kObservations, rng.Int(3, 5), p, day, out); return;
    case TextKind::kConcern: Sentences(rng, kConcerns, rng.Int(2, 4), p, day, out); return;
    case TextKind::kHealth:
      if (p.adult_female && rng.Chance(0.25)) Sentences(rng, kPregnancy, 1, p, day, out);
      Sentences(rng, kHealth, rng.Int(1, 2), p, day, out);
      return;
    case TextKind::kFeedback: Sentences(rng, kFeedback, rng.Int(1, 3), p, day, out); return;
    case TextKind::kAbsence: Sentences(rng, kAbsence, 1, p, day, out); return;
    case TextKind::kNames: OtherPeople(rng, out); return;
    case TextKind::kStaff: Sentences(rng, kStaffNotes, rng.Int(1, 3), p, day, out); return;
    case TextKind::kContactDetails: {
      out.append("Mobile ");
      out.append(PhoneNumber(rng));
      out.append(", email ");
      const std::string_view surname =
          p.other_adult_surname.empty() ? rng.Pick(Surnames()) : p.other_adult_surname;
      const auto number = rng.Below(1000);
      out.append(Email(rng, p.other_adult.empty() ? "parent" : p.other_adult, surname, number));
      return;
    }
    case TextKind::kAddress:
    case TextKind::kNote: Sentences(rng, kNotes, rng.Int(2, 4), p, day, out); return;
  }
}

}  // namespace casekeep::synth::internal
