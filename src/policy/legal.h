// The fixed vocabulary of the law that a policy refers to: lawful bases (UK GDPR Art 6),
// special categories (Art 9, Art 10), Article 9 / DPA 2018 Schedule 1 conditions, and the
// bank-holiday divisions. Each entry carries its citation and plain-English wording for
// notices and the record of processing. Constant tables; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace casekeep::policy {

enum class Division { kEnglandAndWales, kScotland, kNorthernIreland };

enum class LawfulBasis {
  kConsent,
  kContract,
  kLegalObligation,
  kVitalInterests,
  kPublicTask,
  kLegitimateInterests,
  kRecognisedLegitimateInterest,
};

enum class SpecialKind {
  kRacialEthnicOrigin,
  kPoliticalOpinions,
  kReligiousBeliefs,
  kTradeUnion,
  kGenetic,
  kBiometric,
  kHealth,
  kSexLife,
  kSexualOrientation,
  kCriminalOffence,  //!< Article 10 data: needs a Schedule 1 condition, not Article 9
};

enum class Article9Condition {
  kExplicitConsent,
  kEmployment,
  kVitalInterests,
  kNotForProfit,
  kMadePublic,
  kLegalClaims,
  kHealthSocialCare,
  kPublicHealth,
  kResearch,
  kStatutoryPurposes,
  kEqualityOfOpportunity,
  kPreventingCrime,
  kCounselling,
  kSafeguardingChildren,
  kSafeguardingEconomicWellbeing,
};

struct DivisionInfo {
  Division value;
  std::string_view id;     //!< as in GOV.UK's bank-holidays.json
  std::string_view label;
};

struct LawfulBasisInfo {
  LawfulBasis value;
  std::string_view id;
  std::string_view label;     //!< "Consent"
  std::string_view citation;  //!< "UK GDPR Art 6(1)(a)"
  std::string_view plain;     //!< a sentence for a notice
};

struct SpecialKindInfo {
  SpecialKind value;
  std::string_view id;
  std::string_view label;
};

struct ConditionInfo {
  Article9Condition value;
  std::string_view id;
  std::string_view label;
  std::string_view article9;    //!< "Art 9(2)(a)"; empty if none applies
  std::string_view schedule1;   //!< "DPA 2018 Sch 1 para 18"; empty if none
  bool criminal_ok;             //!< also a condition for criminal offence data (Sch 1 Part 1-3)
  bool needs_policy_document;   //!< Sch 1 para 39/5: an appropriate policy document is required
  std::string_view plain;
};

std::span<const DivisionInfo> Divisions();
std::span<const LawfulBasisInfo> LawfulBases();
std::span<const SpecialKindInfo> SpecialKinds();
std::span<const ConditionInfo> Article9Conditions();

const DivisionInfo& Info(Division d);
const LawfulBasisInfo& Info(LawfulBasis b);
const SpecialKindInfo& Info(SpecialKind k);
const ConditionInfo& Info(Article9Condition c);

std::optional<Division> ParseDivision(std::string_view id);
std::optional<LawfulBasis> ParseLawfulBasis(std::string_view id);
std::optional<SpecialKind> ParseSpecialKind(std::string_view id);
std::optional<Article9Condition> ParseArticle9Condition(std::string_view id);

}  // namespace casekeep::policy
