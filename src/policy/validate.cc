#include "policy/validate.h"

#include <algorithm>
#include <set>
#include <string>

#include "base/date.h"

namespace casekeep::policy::internal {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool Disjoint(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::none_of(a.begin(), a.end(), [&](const std::string& x) { return Contains(b, x); });
}

bool IsSubset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::all_of(a.begin(), a.end(), [&](const std::string& x) { return Contains(b, x); });
}

// True when a record satisfying `a` can never satisfy `b` because of case flags.
bool FlagsExclude(const Condition& a, const Condition& b) {
  // a needs every flag in all_flags: if b forbids one of them, they exclude each other.
  if (!Disjoint(a.all_flags, b.no_flag)) return true;
  // a needs at least one of any_flag: if b forbids all of them, they exclude each other.
  return !a.any_flag.empty() && IsSubset(a.any_flag, b.no_flag);
}

const Field* FindField(const RecordType& rt, std::string_view id) {
  for (const auto& f : rt.fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

class Validator {
 public:
  Validator(const Policy& p, const ParseNotes& n, Diagnostics& d) : p_(p), notes_(n), d_(d) {}
  void Run();

 private:
  void Categories();
  void Purposes();
  void Consents();
  void Fields(const std::vector<Field>& fields, const std::string& owner);
  void RetentionRules();
  void RetentionRule(const policy::RetentionRule& rule);
  void SubjectDateField(const policy::RetentionRule& rule, const std::string& name,
                        const RecordType& rt);
  void RetentionCoverage();
  void Ambiguity();
  void Transfers(std::string_view country, std::string_view safeguard, SourcePos pos,
                 const std::string& what);
  void Recipients();

  const Policy& p_;
  const ParseNotes& notes_;
  Diagnostics& d_;
};

void Validator::Run() {
  Categories();
  Purposes();
  Consents();
  for (const auto& sk : p_.subject_kinds) Fields(sk.fields, "subject kind " + Quote(sk.id));
  for (const auto& rt : p_.record_types) Fields(rt.fields, "record type " + Quote(rt.id));
  RetentionRules();
  RetentionCoverage();
  Ambiguity();
  for (const auto& pr : p_.processors) {
    Transfers(pr.country, pr.transfer_safeguard, pr.pos, "processor " + Quote(pr.id));
  }
  Recipients();
}

void Validator::Categories() {
  for (const auto& c : p_.categories) {
    if (!c.special) {
      if (!c.conditions.empty()) {
        d_.Error(c.pos, "category " + Quote(c.id) +
                            " lists Article 9 'conditions' but is not special category data; "
                            "set 'special' or remove 'conditions'");
      }
      continue;
    }
    if (c.conditions.empty()) {
      d_.Error(c.pos, "category " + Quote(c.id) + " is special category data (" +
                          std::string(Info(*c.special).label) +
                          ") but has no Article 9 condition; add 'conditions', e.g. "
                          "[\"explicit_consent\"] or [\"safeguarding_children\"]");
      continue;
    }
    if (*c.special == SpecialKind::kCriminalOffence &&
        std::none_of(c.conditions.begin(), c.conditions.end(),
                     [](Article9Condition k) { return Info(k).criminal_ok; })) {
      d_.Error(c.pos, "category " + Quote(c.id) +
                          " is criminal offence data and needs a DPA 2018 Schedule 1 condition "
                          "that covers it, e.g. \"safeguarding_children\" or \"explicit_consent\"");
    }
    const bool explicit_only =
        c.conditions.size() == 1 && c.conditions[0] == Article9Condition::kExplicitConsent;
    if (!explicit_only) continue;
    bool covered = false;
    for (const auto& consent : p_.consents) {
      if (!consent.explicit_consent) continue;
      for (const auto& purpose_id : consent.purposes) {
        const Purpose* pu = p_.FindPurpose(purpose_id);
        if (pu != nullptr && Contains(pu->categories, c.id)) covered = true;
      }
    }
    if (!covered) {
      d_.Error(c.pos, "category " + Quote(c.id) +
                          " relies on explicit consent, but no [[consents]] with explicit = true "
                          "covers a purpose that uses it");
    }
  }
}

void Validator::Consents() {
  for (const auto& c : p_.consents) {
    const bool implied = std::find(c.methods.begin(), c.methods.end(), ConsentMethod::kImplied) !=
                         c.methods.end();
    if (c.explicit_consent && implied) {
      d_.Error(c.pos, "consent " + Quote(c.id) +
                          " is explicit, so it cannot be given by the \"implied\" method");
    }
  }
}

void Validator::Purposes() {
  for (const auto& pu : p_.purposes) {
    if (notes_.unknown_basis.contains(pu.id)) continue;
    if (pu.basis == LawfulBasis::kConsent) {
      const bool recordable = std::any_of(p_.consents.begin(), p_.consents.end(),
                                          [&](const ConsentDef& c) {
                                            return Contains(c.purposes, pu.id);
                                          });
      if (!recordable) {
        d_.Error(pu.basis_pos, "purpose " + Quote(pu.id) +
                                   " is based on consent, but no [[consents]] lists it, so "
                                   "consent to it could never be recorded");
      }
    }
    if (pu.basis == LawfulBasis::kLegitimateInterests && pu.legitimate_interest.empty()) {
      d_.Error(pu.basis_pos, "purpose " + Quote(pu.id) +
                                 " is based on legitimate interests; state the interest in "
                                 "'legitimate_interest'");
    }
  }
}

void Validator::Fields(const std::vector<Field>& fields, const std::string& owner) {
  for (const auto& f : fields) {
    const bool searchable = f.type == FieldType::kString || f.type == FieldType::kEmail ||
                            f.type == FieldType::kPhone || f.type == FieldType::kPostcode ||
                            f.type == FieldType::kNhsNumber || f.type == FieldType::kDate;
    if (f.lookup && !searchable) {
      d_.Error(f.pos, "field " + Quote(f.id) + " of " + owner + " is of type " +
                          std::string(FieldTypeName(f.type)) +
                          ", which cannot have a blind index ('lookup')");
    }
    if ((f.id == "date_of_birth" || f.id == "employment_ended") && f.type != FieldType::kDate) {
      d_.Error(f.pos, "field " + Quote(f.id) + " of " + owner + " must be of type \"date\"");
    }
  }
}

void Validator::RetentionRules() {
  for (const auto& rule : p_.retention) RetentionRule(rule);
}

void Validator::RetentionRule(const policy::RetentionRule& rule) {
  const std::string name = "retention rule " + Quote(rule.id);
  if (!rule.period && !rule.indefinite && !notes_.unreadable_period.contains(rule.id)) {
    d_.Error(rule.pos, name + " has no period; set 'period' (e.g. \"3y\") or 'indefinite = true'");
  }
  if (rule.period && rule.indefinite) {
    d_.Error(rule.pos, name + " sets both 'period' and 'indefinite = true'; choose one");
  }
  if (rule.indefinite && !rule.review) {
    d_.Error(rule.pos, name + " keeps records indefinitely and needs a 'review' interval");
  }
  if (rule.review && !rule.indefinite) {
    d_.Error(rule.pos, name + " sets 'review' but is not indefinite; a review interval is for "
                              "records kept without an end date");
  }
  if (rule.from == Trigger::kField && rule.from_field.empty()) {
    d_.Error(rule.pos, name + " counts from a field; name it in 'from_field'");
  }
  if (rule.from != Trigger::kField && !rule.from_field.empty()) {
    d_.Error(rule.pos, name + " sets 'from_field' but 'from' is not \"field\"");
  }
  for (const auto& rt_id : rule.record_types) {
    const RecordType* rt = p_.FindRecordType(rt_id);
    if (rt == nullptr) continue;  // reported as an unknown reference
    const std::string in = " of " + name + " is not a field of record type " + Quote(rt_id);
    const bool case_trigger = rule.from == Trigger::kCaseOpened ||
                              rule.from == Trigger::kCaseClosed ||
                              rule.from == Trigger::kLastContact;
    if (case_trigger && !rt->case_record) {
      d_.Error(rule.pos, name + " counts from \"" + std::string(TriggerName(rule.from)) +
                             "\", but record type " + Quote(rt_id) +
                             " is kept on a person, not a case (case_record = false)");
    }
    if (rule.from == Trigger::kField && !rule.from_field.empty()) {
      const Field* f = FindField(*rt, rule.from_field);
      if (f == nullptr) {
        d_.Error(rule.pos, "'from_field' " + Quote(rule.from_field) + in);
      } else if (f->type != FieldType::kDate && f->type != FieldType::kDateTime) {
        d_.Error(rule.pos, "'from_field' " + Quote(rule.from_field) + " of " + name +
                               " must be a date or datetime field");
      }
    }
    if (rule.from == Trigger::kDateOfBirth || rule.from == Trigger::kEmploymentEnded) {
      SubjectDateField(rule, name, *rt);
    }
    for (const auto& part : rule.partial) {
      for (const auto& field : part.fields) {
        if (FindField(*rt, field) == nullptr) {
          d_.Error(part.pos, "partial retention field " + Quote(field) + in);
        }
      }
    }
    for (const auto& [field, value] : rule.when.field_equals) {
      const Field* f = FindField(*rt, field);
      if (f == nullptr) {
        d_.Error(rule.pos, "condition field " + Quote(field) + in);
      } else if (f->type == FieldType::kEnum && !Contains(f->values, value)) {
        d_.Error(rule.pos, "condition on field " + Quote(field) + " of " + name + ": " +
                               Quote(value) + " is not one of its values");
      }
    }
  }
  for (const auto& part : rule.partial) {
    if (rule.period && part.period.ApproxDays() >= rule.period->ApproxDays()) {
      d_.Error(part.pos, "partial retention in " + name + " keeps fields for " +
                             DescribePeriod(part.period) + ", not less than the whole record (" +
                             DescribePeriod(*rule.period) + ")");
    }
  }
}

// A rule counting from a date of the record's subject (date_of_birth, employment_ended) reads the
// field of that name, so every subject kind the record type can be about must have it.
void Validator::SubjectDateField(const policy::RetentionRule& rule, const std::string& name,
                                 const RecordType& rt) {
  const bool dob = rule.from == Trigger::kDateOfBirth;
  const std::string field = dob ? "date_of_birth" : "employment_ended";
  const std::string counts =
      name + " counts from " + (dob ? "a date of birth" : "the end of employment");
  if (rt.subject_kinds.empty()) {
    d_.Error(rule.pos,
             counts + ", so record type " + Quote(rt.id) + " must name its 'subject_kinds'");
  }
  for (const auto& sk_id : rt.subject_kinds) {
    const SubjectKind* sk = p_.FindSubjectKind(sk_id);
    if (sk == nullptr) continue;
    const bool has = std::any_of(sk->fields.begin(), sk->fields.end(),
                                 [&](const Field& f) { return f.id == field; });
    if (!has) {
      d_.Error(rule.pos, counts + ", but subject kind " + Quote(sk_id) + " has no " + Quote(field) +
                             " field");
    }
  }
}

void Validator::RetentionCoverage() {
  for (const auto& rt : p_.record_types) {
    const bool covered = std::any_of(p_.retention.begin(), p_.retention.end(),
                                     [&](const policy::RetentionRule& r) {
                                       return Contains(r.record_types, rt.id);
                                     });
    if (!covered) {
      d_.Error(rt.pos, "record type " + Quote(rt.id) +
                           " has no retention rule; every record must have a disposal date or a "
                           "review");
    }
  }
}

void Validator::Ambiguity() {
  for (std::size_t i = 0; i < p_.retention.size(); ++i) {
    for (std::size_t j = i + 1; j < p_.retention.size(); ++j) {
      const auto& a = p_.retention[i];
      const auto& b = p_.retention[j];
      if (a.priority != b.priority || Disjoint(a.record_types, b.record_types)) continue;
      if (!ConditionsCanOverlap(a.when, b.when)) continue;
      std::string shared;
      for (const auto& rt : a.record_types) {
        if (Contains(b.record_types, rt)) {
          shared = rt;
          break;
        }
      }
      d_.Error(b.pos, "retention rules " + Quote(a.id) + " (line " + std::to_string(a.pos.line) +
                          ") and " + Quote(b.id) + " can both apply to a record of type " +
                          Quote(shared) +
                          " with equal priority; make their 'when' conditions exclusive or give "
                          "one a higher 'priority'");
    }
  }
}

void Validator::Transfers(std::string_view country, std::string_view safeguard, SourcePos pos,
                          const std::string& what) {
  const bool code = country.size() == 2 && std::all_of(country.begin(), country.end(), [](char c) {
                      return c >= 'A' && c <= 'Z';
                    });
  if (!code) {
    d_.Error(pos, what + ": country " + Quote(country) +
                      " must be a two-letter ISO 3166 code such as \"GB\" or \"US\"");
    return;
  }
  if (country != "GB" && safeguard.empty()) {
    d_.Error(pos, what + " is outside the UK (" + std::string(country) +
                      "); state the transfer safeguard in 'transfer_safeguard'");
  }
}

void Validator::Recipients() {
  for (const auto& r : p_.recipients) {
    const std::string name = "recipient " + Quote(r.id);
    Transfers(r.country, r.transfer_safeguard, r.pos, name);
    if (r.bases.empty()) {
      d_.Error(r.pos, name + " has no basis for sharing; list at least one in 'bases'");
    }
    const bool only_consent = std::all_of(r.bases.begin(), r.bases.end(),
                                          [](ShareBasis b) { return b == ShareBasis::kConsent; });
    if (!r.without_consent_roles.empty() && only_consent) {
      d_.Error(r.pos, name +
                          " lets roles share without consent but its only basis is consent; add "
                          "e.g. \"safeguarding\" or \"legal_obligation\" to 'bases'");
    }
  }
}

}  // namespace

bool ConditionsCanOverlap(const Condition& a, const Condition& b) {
  if (!a.services.empty() && !b.services.empty() && Disjoint(a.services, b.services)) return false;
  if (!a.referral_source.empty() && !b.referral_source.empty() &&
      Disjoint(a.referral_source, b.referral_source)) {
    return false;
  }
  if (FlagsExclude(a, b) || FlagsExclude(b, a)) return false;
  for (const auto& [field, value] : a.field_equals) {
    auto it = b.field_equals.find(field);
    if (it != b.field_equals.end() && it->second != value) return false;
  }
  return true;
}

void CheckIsoDate(std::string_view text, SourcePos pos, std::string_view what,
                  Diagnostics& diagnostics) {
  if (auto date = Date::Parse(text); !date) {
    diagnostics.Error(pos, std::string(what) + ": " + date.error().message);
  }
}

std::optional<MonthDay> CheckMonthDay(std::string_view text, SourcePos pos, std::string_view what,
                                      Diagnostics& diagnostics) {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != '-' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    diagnostics.Error(pos, std::string(what) + ": '" + std::string(text) +
                               "' is not a day of the year written MM-DD, e.g. \"03-31\"");
    return std::nullopt;
  }
  const MonthDay day{(text[0] - '0') * 10 + (text[1] - '0'),
                     (text[3] - '0') * 10 + (text[4] - '0')};
  if (day.month < 1 || day.month > 12) {
    diagnostics.Error(pos, std::string(what) + ": there is no month " + std::to_string(day.month));
    return std::nullopt;
  }
  // 2001 is not a leap year: a financial year must end on a day that every year has.
  const int days = DaysInMonth(2001, day.month);
  if (day.day < 1 || day.day > days) {
    diagnostics.Error(pos, std::string(what) + ": " + std::string(MonthName(day.month)) + " has " +
                               std::to_string(days) + " days" +
                               (day.month == 2 && day.day == 29
                                    ? " except in leap years; use \"02-28\" or \"03-01\""
                                    : ""));
    return std::nullopt;
  }
  return day;
}

void Validate(const Policy& policy, const ParseNotes& notes, Diagnostics& diagnostics) {
  Validator(policy, notes, diagnostics).Run();
}

}  // namespace casekeep::policy::internal
