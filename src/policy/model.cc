#include "policy/model.h"

#include <algorithm>

namespace casekeep::policy {
namespace {

template <class T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

std::string Unit(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string DescribePeriod(const Period& p) {
  std::vector<std::string> parts;
  if (p.years != 0) parts.push_back(Unit(p.years, "year", "years"));
  if (p.months != 0) parts.push_back(Unit(p.months, "month", "months"));
  if (p.days != 0) parts.push_back(Unit(p.days, "day", "days"));
  if (parts.empty()) return "0 days";
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

std::string_view FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kString: return "string";
    case FieldType::kText: return "text";
    case FieldType::kDate: return "date";
    case FieldType::kDateTime: return "datetime";
    case FieldType::kInteger: return "integer";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kEnum: return "enum";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kPostcode: return "postcode";
    case FieldType::kNhsNumber: return "nhs_number";
    case FieldType::kAttachment: return "attachment";
  }
  return "string";
}

std::string_view ConsentMethodName(ConsentMethod m) {
  switch (m) {
    case ConsentMethod::kOnlineForm: return "online_form";
    case ConsentMethod::kVerbal: return "verbal";
    case ConsentMethod::kWritten: return "written";
    case ConsentMethod::kParental: return "parental";
    case ConsentMethod::kImplied: return "implied";
  }
  return "online_form";
}

std::string_view ScopeName(Scope s) {
  switch (s) {
    case Scope::kAssigned: return "assigned";
    case Scope::kTeam: return "team";
    case Scope::kOrganisation: return "organisation";
    case Scope::kAnonymised: return "anonymised";
  }
  return "assigned";
}

std::string_view CapabilityName(Capability c) {
  switch (c) {
    case Capability::kManageUsers: return "manage_users";
    case Capability::kManagePolicy: return "manage_policy";
    case Capability::kManageRequests: return "manage_requests";
    case Capability::kApproveDisposal: return "approve_disposal";
    case Capability::kManageHolds: return "manage_holds";
    case Capability::kViewAudit: return "view_audit";
    case Capability::kManageBreaches: return "manage_breaches";
    case Capability::kRunReports: return "run_reports";
    case Capability::kApproveDisclosures: return "approve_disclosures";
    case Capability::kReviewBreakGlass: return "review_break_glass";
  }
  return "manage_users";
}

std::string_view TriggerName(Trigger t) {
  switch (t) {
    case Trigger::kRecordCreated: return "record_created";
    case Trigger::kCaseOpened: return "case_opened";
    case Trigger::kCaseClosed: return "case_closed";
    case Trigger::kLastContact: return "last_contact";
    case Trigger::kEmploymentEnded: return "employment_ended";
    case Trigger::kDateOfBirth: return "date_of_birth";
    case Trigger::kTransferComplete: return "transfer_complete";
    case Trigger::kFinancialYearEnd: return "financial_year_end";
    case Trigger::kField: return "field";
  }
  return "record_created";
}

std::string_view ShareBasisName(ShareBasis b) {
  switch (b) {
    case ShareBasis::kConsent: return "consent";
    case ShareBasis::kLegalObligation: return "legal_obligation";
    case ShareBasis::kVitalInterests: return "vital_interests";
    case ShareBasis::kSafeguarding: return "safeguarding";
    case ShareBasis::kContract: return "contract";
    case ShareBasis::kPublicTask: return "public_task";
  }
  return "consent";
}

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kEmail: return "email";
    case Channel::kPost: return "post";
    case Channel::kPhone: return "phone";
    case Channel::kSms: return "sms";
  }
  return "email";
}

const Category* Policy::FindCategory(std::string_view id) const { return FindById(categories, id); }
const SubjectKind* Policy::FindSubjectKind(std::string_view id) const {
  return FindById(subject_kinds, id);
}
const Service* Policy::FindService(std::string_view id) const { return FindById(services, id); }
const Purpose* Policy::FindPurpose(std::string_view id) const { return FindById(purposes, id); }
const RecordType* Policy::FindRecordType(std::string_view id) const {
  return FindById(record_types, id);
}
const Role* Policy::FindRole(std::string_view id) const { return FindById(roles, id); }
const HoldKind* Policy::FindHoldKind(std::string_view id) const { return FindById(hold_kinds, id); }
const Recipient* Policy::FindRecipient(std::string_view id) const {
  return FindById(recipients, id);
}

}  // namespace casekeep::policy
