// Reading a policy into a generation plan (see plan.h). The mapping is by the policy's own
// markers (child, professional, contact, case_record, services) and by words in ids
// ("safeguard", "court", "referral", "birth", ...), so it works for any policy. Thread-safe: no
// shared state.
#include "synth/internal/plan.h"

#include <algorithm>
#include <set>

namespace casekeep::synth::internal {
namespace {

using policy::FieldType;

Hint StringHint(std::string_view id) {
  if (id == "name" || id == "full_name") return Hint::kFullName;
  if (Contains(id, "first_name") || Contains(id, "given_name")) return Hint::kFirstName;
  if (Contains(id, "username")) return Hint::kUsername;
  if (Contains(id, "other_parent")) return Hint::kOtherParent;
  if (Contains(id, "contact")) return Hint::kOtherName;
  if (Contains(id, "agency")) return Hint::kAgency;
  if (Contains(id, "team")) return Hint::kHealthTeam;
  if (Contains(id, "organisation") || Contains(id, "shared_with") || Contains(id, "sent_to") ||
      Contains(id, "signposted")) {
    return Hint::kOrganisation;
  }
  if (Contains(id, "school")) return Hint::kSchool;
  if (Contains(id, "ni_number") || Contains(id, "national_insurance")) return Hint::kNiNumber;
  if (Contains(id, "name") || Contains(id, "referrer") || Contains(id, "parent") ||
      Contains(id, "kin")) {
    return Hint::kOtherName;
  }
  if (Contains(id, "location") || Contains(id, "town")) return Hint::kTown;
  if (Contains(id, "certificate") || Contains(id, "reference") || Contains(id, "number")) {
    return Hint::kReference;
  }
  if (Contains(id, "ethnic")) return Hint::kEthnicity;
  if (Contains(id, "religion")) return Hint::kReligion;
  if (Contains(id, "sexual")) return Hint::kOrientation;
  if (Contains(id, "measure")) return Hint::kMeasure;
  if (Contains(id, "role") || Contains(id, "title")) return Hint::kJobTitle;
  return Hint::kPlain;
}

FieldPlan PlanField(const policy::Field& field) {
  FieldPlan plan;
  plan.id = field.id;
  plan.type = field.type;
  plan.required = field.required;
  plan.values = field.values;
  if (field.max_length && *field.max_length > 0) {
    plan.max_length = static_cast<std::size_t>(*field.max_length);
  }
  const std::string_view id = field.id;
  switch (field.type) {
    case FieldType::kString: plan.hint = StringHint(id); break;
    case FieldType::kDate:
    case FieldType::kDateTime:
      if (Contains(id, "birth")) plan.hint = Hint::kBirthDate;
      if (Contains(id, "due_date")) plan.hint = Hint::kDueDate;
      break;
    case FieldType::kInteger:
      if (Contains(id, "pence")) {
        plan.hint = Hint::kMoneyPence;
      } else if (Contains(id, "age_months")) {
        plan.hint = Hint::kAgeMonths;
      } else if (Contains(id, "age")) {
        plan.hint = Hint::kAgeYears;
      } else if (Contains(id, "score") || Contains(id, "helpful") || Contains(id, "rating")) {
        plan.hint = Hint::kScore;
        plan.score_max = Contains(id, "wellbeing") ? 10 : 5;
      }
      break;
    case FieldType::kEnum:
      if (Contains(id, "relationship")) plan.hint = Hint::kRelationship;
      break;
    case FieldType::kBoolean:
      if (Contains(id, "attended") || Contains(id, "agreed")) plan.hint = Hint::kMostlyTrue;
      break;
    case FieldType::kText:
      plan.text = ClassifyTextField(id);
      plan.only_if_absent = plan.text == TextKind::kAbsence;
      plan.only_if_court = Contains(id, "court");
      break;
    default: break;
  }
  return plan;
}

// The record's own date: its first required date field, else its first date field.
void MarkMainDate(std::vector<FieldPlan>& fields) {
  const auto is_date = [](const FieldPlan& f) {
    return (f.type == FieldType::kDate || f.type == FieldType::kDateTime) &&
           f.hint != Hint::kBirthDate && f.hint != Hint::kDueDate;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (FieldPlan& f : fields) {
      if (is_date(f) && (pass == 1 || f.required)) {
        f.main_date = true;
        return;
      }
    }
  }
}

std::vector<double> Cumulative(const std::vector<double>& weights) {
  std::vector<double> out;
  double total = 0;
  for (double w : weights) out.push_back(total += w);
  return out;
}

bool IsSafeguarding(std::string_view id) {
  return Contains(id, "safeguard") || Contains(id, "concern");
}
bool IsRare(std::string_view id) {
  return Contains(id, "accident") || Contains(id, "incident") || Contains(id, "complaint");
}
bool IsOpening(std::string_view id) {
  return Contains(id, "referral") || Contains(id, "account") || Contains(id, "assessment") ||
         Contains(id, "pre_visit") || Contains(id, "sensitive") || Contains(id, "preference");
}

// Opening types, pool types and their weights for one service; false if it has no records.
bool PlanService(const policy::Policy& policy, const Plan& plan, ServicePlan& service) {
  const auto family_kind = [&plan](std::size_t k) { return plan.kinds[k].part != Part::kStaff; };
  std::vector<std::size_t> contact, other, rare;
  for (std::size_t t = 0; t < plan.types.size(); ++t) {
    const TypePlan& type = plan.types[t];
    const policy::RecordType& source = policy.record_types[t];
    if (!type.case_record) continue;
    if (!source.services.empty() && std::find(source.services.begin(), source.services.end(),
                                              service.id) == source.services.end()) {
      continue;
    }
    if (!type.kinds.empty()) {
      const bool about_family = std::any_of(type.kinds.begin(), type.kinds.end(), family_kind);
      const bool takes_part =
          service.kinds.empty() ||
          std::any_of(type.kinds.begin(), type.kinds.end(), [&service](std::size_t k) {
            return std::find(service.kinds.begin(), service.kinds.end(), k) != service.kinds.end();
          });
      if (!about_family || !takes_part) continue;
    }
    if (type.safeguarding) {
      service.safeguarding.push_back(t);
    } else if (IsOpening(type.id)) {
      service.opening.push_back(t);
    } else if (IsRare(type.id)) {
      rare.push_back(t);
    } else if (source.contact) {
      contact.push_back(t);
    } else {
      other.push_back(t);
    }
  }
  if (service.opening.empty() && contact.empty() && other.empty()) return false;
  std::stable_partition(service.opening.begin(), service.opening.end(),
                        [&plan](std::size_t t) { return Contains(plan.types[t].id, "referral"); });
  std::vector<double> ordinary, flagged;
  const auto add = [&](const std::vector<std::size_t>& group, double share, double share_flagged) {
    for (std::size_t t : group) {
      service.pool.push_back(t);
      ordinary.push_back(share / static_cast<double>(group.size()));
      flagged.push_back(share_flagged / static_cast<double>(group.size()));
    }
  };
  add(contact, 0.70, 0.60);
  add(other, 0.26, 0.19);
  add(rare, 0.01, 0.01);
  add(service.safeguarding, 0.03, 0.20);
  service.pool_weights = Cumulative(ordinary);
  service.pool_weights_flagged = Cumulative(flagged);
  return true;
}

void PlanReferralSources(const policy::Policy& policy, Plan& plan) {
  std::size_t self = 0;
  for (const std::string& id : policy.referral_sources)
    if (Contains(id, "self")) ++self;
  const double others_share = self > 0 ? 0.55 : 1.0;
  double harmonic = 0;
  std::size_t rank = 0;
  for (const std::string& id : policy.referral_sources) {
    if (!Contains(id, "self")) harmonic += 1.0 / static_cast<double>(++rank);
  }
  std::vector<double> weights;
  rank = 0;
  for (const std::string& id : policy.referral_sources) {
    plan.referral_sources.push_back(id);
    plan.referral_court.push_back(Contains(id, "court") || Contains(id, "cafcass"));
    weights.push_back(Contains(id, "self") ? 0.45 / static_cast<double>(self)
                                           : others_share / static_cast<double>(++rank) / harmonic);
  }
  plan.referral_weights = Cumulative(weights);
}

}  // namespace

Result<Plan> BuildPlan(const policy::Policy& policy) {
  Plan plan;
  std::set<std::string> in_services;
  for (const policy::Service& s : policy.services)
    in_services.insert(s.subjects.begin(), s.subjects.end());
  std::set<std::string> in_person_types;
  for (const policy::RecordType& t : policy.record_types) {
    if (!t.case_record) in_person_types.insert(t.subject_kinds.begin(), t.subject_kinds.end());
  }
  for (const policy::SubjectKind& kind : policy.subject_kinds) {
    KindPlan k;
    k.id = kind.id;
    const bool served = in_services.empty() || in_services.contains(kind.id);
    if (kind.child) {
      k.part = served ? Part::kChild : Part::kUnused;
      k.baby = Contains(kind.id, "baby") || Contains(kind.id, "infant");
    } else if (kind.professional) {
      k.part = served ? Part::kProfessional : Part::kUnused;
    } else if (served) {
      k.part = Part::kAdult;
    } else if (in_person_types.contains(kind.id)) {
      k.part = Part::kStaff;
    }
    for (const policy::Field& f : kind.fields) k.fields.push_back(PlanField(f));
    const std::size_t index = plan.kinds.size();
    if (k.part == Part::kAdult) plan.adults.push_back(index);
    if (k.part == Part::kChild) plan.children.push_back(index);
    if (k.part == Part::kProfessional) plan.professionals.push_back(index);
    if (k.part == Part::kStaff) plan.staff.push_back(index);
    plan.kinds.push_back(std::move(k));
  }
  if (plan.adults.empty() && plan.children.empty()) {
    return InvalidArgument("the policy has no subject kind for the members of a family");
  }
  const auto kind_index = [&policy](const std::string& id) {
    for (std::size_t i = 0; i < policy.subject_kinds.size(); ++i) {
      if (policy.subject_kinds[i].id == id) return i;
    }
    return policy.subject_kinds.size();
  };

  plan.person_types.resize(plan.kinds.size());
  for (const policy::RecordType& source : policy.record_types) {
    TypePlan t;
    t.id = source.id;
    for (const std::string& id : source.subject_kinds) {
      if (std::size_t k = kind_index(id); k < plan.kinds.size()) t.kinds.push_back(k);
    }
    for (const policy::Field& f : source.fields) t.fields.push_back(PlanField(f));
    MarkMainDate(t.fields);
    t.case_record = source.case_record;
    t.safeguarding = IsSafeguarding(source.id);
    t.repeated = Contains(source.id, "payroll") || Contains(source.id, "timesheet");
    const std::size_t index = plan.types.size();
    if (!t.case_record) {
      const bool names_adult = std::any_of(t.kinds.begin(), t.kinds.end(), [&plan](std::size_t k) {
        return plan.kinds[k].part == Part::kAdult;
      });
      for (std::size_t k : t.kinds.empty() ? plan.adults : t.kinds) {
        const Part part = plan.kinds[k].part;
        if (part == Part::kAdult || part == Part::kStaff ||
            (part == Part::kChild && !names_adult)) {
          plan.person_types[k].push_back(index);
        }
      }
    }
    plan.types.push_back(std::move(t));
  }

  std::vector<double> service_weights;
  for (const policy::Service& source : policy.services) {
    ServicePlan s;
    s.id = source.id;
    for (const std::string& id : source.subjects) {
      if (std::size_t k = kind_index(id); k < plan.kinds.size()) s.kinds.push_back(k);
    }
    if (!in_services.empty() && s.kinds.empty()) continue;
    if (!PlanService(policy, plan, s)) continue;
    plan.services.push_back(std::move(s));
    service_weights.push_back(1.0 / static_cast<double>(plan.services.size()));
  }
  if (plan.services.empty()) {
    return InvalidArgument("the policy has no service whose cases could hold records");
  }
  plan.service_weights = Cumulative(service_weights);

  PlanReferralSources(policy, plan);
  for (const std::string& flag : policy.case_flags) {
    plan.flags.push_back(flag);
    plan.flag_classes.push_back(Contains(flag, "safeguard") ? FlagClass::kSafeguarding
                                : Contains(flag, "court") || Contains(flag, "cafcass")
                                    ? FlagClass::kCourt
                                    : FlagClass::kOther);
  }
  return plan;
}

}  // namespace casekeep::synth::internal
