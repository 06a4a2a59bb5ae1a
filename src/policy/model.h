// The compiled policy: the organisation's privacy policy as typed values, after parsing and
// validation. Everything downstream (access decision, retention, notice, ROPA) reads this and
// nothing else. Immutable once built; safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policy/legal.h"

namespace casekeep::policy {

//! Where a construct was written, for error messages and cross-references.
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Contact {
  std::string name;
  std::string role;  //!< e.g. "Head of Operations"; optional
  std::string email;
  std::string phone;
  std::string address;
};

struct Organisation {
  std::string name;
  std::string legal_name;         //!< optional; defaults to name
  std::string registered_number;  //!< charity or company number; optional
  std::string address;
  std::string email;
  std::string phone;
  std::string website;
  std::string ico_registration;  //!< e.g. "ZA123456"; optional
  Division division = Division::kEnglandAndWales;
  Contact dpo;
  std::string other_regulators;  //!< e.g. a Crown dependency's authority; optional
};

//! A period such as "3y", "6m", "1y6m", "30d". Months and years are calendar units.
struct Period {
  int years = 0;
  int months = 0;
  int days = 0;
  bool IsZero() const { return years == 0 && months == 0 && days == 0; }
  //! Rough length in days, only for ordering periods ("is the partial period shorter?").
  int ApproxDays() const { return years * 365 + months * 30 + days; }
};
//! "3 years", "6 months", "1 year and 6 months".
std::string DescribePeriod(const Period& p);

enum class FieldType {
  kString,
  kText,
  kDate,
  kDateTime,
  kInteger,
  kBoolean,
  kEnum,
  kEmail,
  kPhone,
  kPostcode,
  kNhsNumber,
  kAttachment,
};
std::string_view FieldTypeName(FieldType t);

struct Field {
  std::string id;
  std::string label;
  FieldType type = FieldType::kString;
  std::string category;  //!< id of a Category
  bool required = false;
  bool third_party = false;  //!< identifies someone other than the record's subject
  bool lookup = false;       //!< has a blind index so it can be searched without decrypting
  bool provided_by_subject = false;  //!< supplied by the person (for portability)
  std::vector<std::string> values;   //!< allowed values, for kEnum
  std::optional<std::int64_t> max_length;
  SourcePos pos;
};

struct SubjectKind {
  std::string id;
  std::string label;
  std::string description;
  bool child = false;         //!< people of this kind are children
  bool professional = false;  //!< acting in a professional role: not redacted in access packs
  std::vector<Field> fields;  //!< what is held about every person of this kind
  SourcePos pos;
};

struct Category {
  std::string id;
  std::string label;
  std::string description;
  std::optional<SpecialKind> special;  //!< set for Article 9 or criminal offence data
  std::vector<Article9Condition> conditions;  //!< Article 9 / Schedule 1 conditions relied on
  std::string condition_note;  //!< free text explaining how the condition applies; optional
  SourcePos pos;
};

struct Service {
  std::string id;
  std::string label;
  std::string description;
  std::vector<std::string> collects;  //!< category ids
  std::vector<std::string> subjects;  //!< subject kind ids
  SourcePos pos;
};

struct Purpose {
  std::string id;
  std::string label;
  std::string description;
  LawfulBasis basis = LawfulBasis::kConsent;
  std::string legitimate_interest;     //!< the interest pursued, for legitimate interests
  std::vector<std::string> categories;  //!< category ids used for this purpose
  std::vector<std::string> services;    //!< service ids; empty means organisation-wide
  SourcePos pos;
  SourcePos basis_pos;
};

enum class ConsentMethod { kOnlineForm, kVerbal, kWritten, kParental, kImplied };
std::string_view ConsentMethodName(ConsentMethod m);

struct ConsentDef {
  std::string id;
  std::string label;
  std::string text;  //!< the exact words the person agrees to
  std::vector<std::string> purposes;
  bool explicit_consent = false;  //!< explicit: valid for special category data
  std::vector<ConsentMethod> methods;
  SourcePos pos;
};

struct RecordType {
  std::string id;
  std::string label;
  std::string description;
  std::vector<std::string> services;       //!< empty: any service
  std::vector<std::string> subject_kinds;  //!< who a record of this type is about
  std::vector<std::string> purposes;
  std::vector<Field> fields;
  bool case_record = true;  //!< belongs to a case (false: to a person only, e.g. HR files)
  bool contact = false;     //!< creating one counts as contact with the case (last-contact trigger)
  SourcePos pos;
};

enum class Scope { kAssigned, kTeam, kOrganisation, kAnonymised };
std::string_view ScopeName(Scope s);

enum class Capability {
  kManageUsers,
  kManagePolicy,
  kManageRequests,
  kApproveDisposal,
  kManageHolds,
  kViewAudit,
  kManageBreaches,
  kRunReports,
  kApproveDisclosures,
  kReviewBreakGlass,
};
std::string_view CapabilityName(Capability c);

struct Role {
  std::string id;
  std::string label;
  std::string description;
  Scope scope = Scope::kAssigned;
  std::vector<std::string> read;          //!< category ids the role may read
  std::vector<std::string> write;         //!< category ids the role may write
  std::vector<std::string> record_types;  //!< record type ids; empty: every type
  std::vector<std::string> purposes;      //!< purposes the role may act under
  std::vector<Capability> capabilities;
  bool mfa = false;          //!< a second factor is required to log in
  bool break_glass = false;  //!< may open a record outside scope with a written reason
  SourcePos pos;
};

enum class Trigger {
  kRecordCreated,
  kCaseOpened,
  kCaseClosed,
  kLastContact,
  kEmploymentEnded,
  kDateOfBirth,
  kTransferComplete,
  kFinancialYearEnd,
  kField,  //!< a date field of the record, named in Retention::from_field
};
std::string_view TriggerName(Trigger t);

//! When a retention rule applies; every listed test must hold (empty: always).
struct Condition {
  std::vector<std::string> services;         //!< the case's service is one of these
  std::vector<std::string> any_flag;         //!< the case has at least one of these flags
  std::vector<std::string> all_flags;        //!< the case has every one of these flags
  std::vector<std::string> no_flag;          //!< the case has none of these flags
  std::vector<std::string> referral_source;  //!< the case came from one of these
  std::map<std::string, std::string> field_equals;  //!< record field id -> required value
  bool Empty() const {
    return services.empty() && any_flag.empty() && all_flags.empty() && no_flag.empty() &&
           referral_source.empty() && field_equals.empty();
  }
};

//! Some fields removed earlier than the rest of the record.
struct PartialRetention {
  std::vector<std::string> fields;
  Period period;
  std::string note;
  SourcePos pos;
};

struct RetentionRule {
  std::string id;
  std::string label;  //!< how the notice's retention table names what is kept
  std::vector<std::string> record_types;
  Condition when;
  Trigger from = Trigger::kRecordCreated;
  std::string from_field;  //!< for Trigger::kField
  std::optional<Period> period;  //!< absent when indefinite
  bool indefinite = false;
  std::optional<Period> review;  //!< review interval, for indefinite retention
  std::vector<PartialRetention> partial;
  std::string reason;  //!< why this long; shown in the notice and in explanations
  int priority = 0;    //!< among overlapping rules, the highest priority applies
  SourcePos pos;
};

struct HoldKind {
  std::string id;
  std::string label;
  std::string description;
  std::optional<Period> review;  //!< holds of this kind are reviewed this often
  SourcePos pos;
};

struct Processor {
  std::string id;
  std::string name;
  std::string purpose;  //!< what they do for us
  std::string country;  //!< ISO 3166-1 alpha-2, "GB" for the UK
  std::string transfer_safeguard;  //!< required outside the UK
  std::string retention;           //!< how long they keep data, as text
  std::vector<std::string> categories;
  SourcePos pos;
};

enum class ShareBasis { kConsent, kLegalObligation, kVitalInterests, kSafeguarding, kContract, kPublicTask };
std::string_view ShareBasisName(ShareBasis b);

struct Recipient {
  std::string id;
  std::string name;
  std::string kind;  //!< e.g. "partner agency", "local authority", "police", "funder"
  std::string description;
  std::vector<ShareBasis> bases;
  std::vector<std::string> categories;  //!< categories that may be shared with them
  bool anonymised_only = false;         //!< only statistics or anonymised material
  std::vector<std::string> without_consent_roles;  //!< roles that may share without consent
  std::string country = "GB";
  std::string transfer_safeguard;
  SourcePos pos;
};

enum class Channel { kEmail, kPost, kPhone, kSms };
std::string_view ChannelName(Channel c);

struct MarketingChannel {
  Channel channel = Channel::kEmail;
  std::string label;
  std::string purpose;  //!< the consent-based purpose it serves
  SourcePos pos;
};

struct CookieCategory {
  std::string id;
  std::string label;
  std::string description;
  bool necessary = false;  //!< strictly necessary: always on, no consent
  std::vector<std::string> providers;
  std::string duration;  //!< how long cookies last, as text
  SourcePos pos;
};

struct NoticeSection {
  std::string title;
  std::string body;
};

//! Free text the notice needs. Paragraphs are separated by blank lines; lines starting "- " are
//! list items.
struct NoticeText {
  std::string title;
  std::string summary;          //!< opening paragraph
  std::string how_we_collect;   //!< sources of data, including third parties
  std::string sharing;          //!< general words on sharing
  std::string security;
  std::string automated_decisions;  //!< defaults to "We do not make decisions ... automated"
  std::string cookies;
  std::string rights_how;  //!< how to make a request
  std::string children;
  std::string changes;
  std::string updated;  //!< date the notice was last updated, YYYY-MM-DD
  std::vector<NoticeSection> extra;
};

//! A day of the year that every year has: month 1..12 and a day of it (never 29 February).
struct MonthDay {
  int month = 1;
  int day = 1;
};

struct Settings {
  int suppression_threshold = 5;  //!< statistics: counts below this are suppressed
  int rounding = 0;               //!< statistics: round counts to this base (0: none)
  int k_anonymity = 5;            //!< extracts: minimum group size
  int sweep_max_future_days = 31; //!< a retention sweep may look at most this far ahead
  std::optional<Period> cookie_consent_retention;  //!< how long cookie choices are kept
  MonthDay financial_year_end{3, 31};  //!< last day of the financial year (financial_year_end)
};

struct Policy {
  std::string version;  //!< the organisation's own label for this version of the policy
  Organisation organisation;
  std::vector<SubjectKind> subject_kinds;
  std::vector<Category> categories;
  std::vector<Service> services;
  std::vector<Purpose> purposes;
  std::vector<ConsentDef> consents;
  std::vector<std::string> case_flags;        //!< ids of case flags
  std::map<std::string, std::string> case_flag_labels;
  std::vector<std::string> referral_sources;  //!< ids of referral sources
  std::map<std::string, std::string> referral_source_labels;
  std::vector<RecordType> record_types;
  std::vector<Role> roles;
  std::vector<RetentionRule> retention;
  std::vector<HoldKind> hold_kinds;
  std::vector<Processor> processors;
  std::vector<Recipient> recipients;
  std::vector<MarketingChannel> marketing;
  std::vector<CookieCategory> cookies;
  NoticeText notice;
  Settings settings;

  // Lookups by id; nullptr when absent.
  const Category* FindCategory(std::string_view id) const;
  const SubjectKind* FindSubjectKind(std::string_view id) const;
  const Service* FindService(std::string_view id) const;
  const Purpose* FindPurpose(std::string_view id) const;
  const RecordType* FindRecordType(std::string_view id) const;
  const Role* FindRole(std::string_view id) const;
  const HoldKind* FindHoldKind(std::string_view id) const;
  const Recipient* FindRecipient(std::string_view id) const;
};

}  // namespace casekeep::policy
