#include "policy/legal.h"

#include <array>

namespace casekeep::policy {
namespace {

constexpr std::array kDivisions{
    DivisionInfo{Division::kEnglandAndWales, "england-and-wales", "England and Wales"},
    DivisionInfo{Division::kScotland, "scotland", "Scotland"},
    DivisionInfo{Division::kNorthernIreland, "northern-ireland", "Northern Ireland"},
};

constexpr std::array kBases{
    LawfulBasisInfo{LawfulBasis::kConsent, "consent", "Consent", "UK GDPR Art 6(1)(a)",
                    "you have given us your consent, which you can withdraw at any time"},
    LawfulBasisInfo{LawfulBasis::kContract, "contract", "Contract", "UK GDPR Art 6(1)(b)",
                    "we need it to carry out a contract with you, or to take steps you asked "
                    "for before entering one"},
    LawfulBasisInfo{LawfulBasis::kLegalObligation, "legal_obligation", "Legal obligation",
                    "UK GDPR Art 6(1)(c)", "the law requires us to"},
    LawfulBasisInfo{LawfulBasis::kVitalInterests, "vital_interests", "Vital interests",
                    "UK GDPR Art 6(1)(d)", "it is needed to protect someone's life"},
    LawfulBasisInfo{LawfulBasis::kPublicTask, "public_task", "Public task",
                    "UK GDPR Art 6(1)(e)",
                    "it is needed for a task in the public interest or an official function"},
    LawfulBasisInfo{LawfulBasis::kLegitimateInterests, "legitimate_interests",
                    "Legitimate interests", "UK GDPR Art 6(1)(f)",
                    "it is necessary for our legitimate interests, and those interests are not "
                    "outweighed by your rights"},
    LawfulBasisInfo{LawfulBasis::kRecognisedLegitimateInterest, "recognised_legitimate_interest",
                    "Recognised legitimate interest", "UK GDPR Art 6(1)(ea), Annex 1",
                    "it is needed for a recognised legitimate interest set out in law, such as "
                    "safeguarding children and vulnerable people"},
};

constexpr std::array kSpecialKinds{
    SpecialKindInfo{SpecialKind::kRacialEthnicOrigin, "racial_ethnic_origin",
                    "racial or ethnic origin"},
    SpecialKindInfo{SpecialKind::kPoliticalOpinions, "political_opinions", "political opinions"},
    SpecialKindInfo{SpecialKind::kReligiousBeliefs, "religious_beliefs",
                    "religious or philosophical beliefs"},
    SpecialKindInfo{SpecialKind::kTradeUnion, "trade_union", "trade union membership"},
    SpecialKindInfo{SpecialKind::kGenetic, "genetic", "genetic data"},
    SpecialKindInfo{SpecialKind::kBiometric, "biometric", "biometric data used to identify you"},
    SpecialKindInfo{SpecialKind::kHealth, "health", "health"},
    SpecialKindInfo{SpecialKind::kSexLife, "sex_life", "sex life"},
    SpecialKindInfo{SpecialKind::kSexualOrientation, "sexual_orientation", "sexual orientation"},
    SpecialKindInfo{SpecialKind::kCriminalOffence, "criminal_offence",
                    "criminal convictions and offences"},
};

constexpr std::array kConditions{
    ConditionInfo{Article9Condition::kExplicitConsent, "explicit_consent", "Explicit consent",
                  "Art 9(2)(a)", "DPA 2018 Sch 1 para 29", true, false,
                  "you have given your explicit consent"},
    ConditionInfo{Article9Condition::kEmployment, "employment",
                  "Employment, social security and social protection", "Art 9(2)(b)",
                  "DPA 2018 Sch 1 para 1", true, true,
                  "it is needed for our obligations as an employer"},
    ConditionInfo{Article9Condition::kVitalInterests, "vital_interests", "Vital interests",
                  "Art 9(2)(c)", "DPA 2018 Sch 1 para 30", true, false,
                  "it is needed to protect someone's life when they cannot consent"},
    ConditionInfo{Article9Condition::kNotForProfit, "not_for_profit",
                  "Not-for-profit body with members", "Art 9(2)(d)", "DPA 2018 Sch 1 para 31",
                  true, false,
                  "we are a not-for-profit body and the data is about our members or regular "
                  "contacts"},
    ConditionInfo{Article9Condition::kMadePublic, "made_public", "Made public by the person",
                  "Art 9(2)(e)", "DPA 2018 Sch 1 para 32", true, false,
                  "you have made the information public yourself"},
    ConditionInfo{Article9Condition::kLegalClaims, "legal_claims", "Legal claims", "Art 9(2)(f)",
                  "DPA 2018 Sch 1 para 33", true, false,
                  "it is needed to establish, exercise or defend legal claims"},
    ConditionInfo{Article9Condition::kHealthSocialCare, "health_social_care",
                  "Health or social care", "Art 9(2)(h)", "DPA 2018 Sch 1 para 2", true, false,
                  "it is needed to provide health or social care, under a duty of confidence"},
    ConditionInfo{Article9Condition::kPublicHealth, "public_health", "Public health",
                  "Art 9(2)(i)", "DPA 2018 Sch 1 para 3", true, false,
                  "it is needed for reasons of public health"},
    ConditionInfo{Article9Condition::kResearch, "research",
                  "Archiving, research and statistics", "Art 9(2)(j)", "DPA 2018 Sch 1 para 4",
                  true, false,
                  "it is needed for research or statistics, with safeguards for your rights"},
    ConditionInfo{Article9Condition::kStatutoryPurposes, "statutory_purposes",
                  "Statutory and government purposes", "Art 9(2)(g)", "DPA 2018 Sch 1 para 6",
                  true, true, "it is needed to carry out a function given to us by law"},
    ConditionInfo{Article9Condition::kEqualityOfOpportunity, "equality_of_opportunity",
                  "Equality of opportunity or treatment", "Art 9(2)(g)", "DPA 2018 Sch 1 para 8",
                  false, true,
                  "it is needed to monitor equality of opportunity or treatment"},
    ConditionInfo{Article9Condition::kPreventingCrime, "preventing_crime",
                  "Preventing or detecting unlawful acts", "Art 9(2)(g)",
                  "DPA 2018 Sch 1 para 10", true, true,
                  "it is needed to prevent or detect unlawful acts"},
    ConditionInfo{Article9Condition::kCounselling, "counselling", "Counselling", "Art 9(2)(g)",
                  "DPA 2018 Sch 1 para 17", true, true,
                  "it is needed to provide confidential counselling, advice or support"},
    ConditionInfo{Article9Condition::kSafeguardingChildren, "safeguarding_children",
                  "Safeguarding of children and of individuals at risk", "Art 9(2)(g)",
                  "DPA 2018 Sch 1 para 18", true, true,
                  "it is needed to protect a child or an adult at risk from harm"},
    ConditionInfo{Article9Condition::kSafeguardingEconomicWellbeing,
                  "safeguarding_economic_wellbeing",
                  "Safeguarding of economic well-being of certain individuals", "Art 9(2)(g)",
                  "DPA 2018 Sch 1 para 19", true, true,
                  "it is needed to protect the economic well-being of an adult at risk"},
};

template <class Table, class T>
const auto& Lookup(const Table& table, T value) {
  for (const auto& row : table) {
    if (row.value == value) return row;
  }
  return table.front();  // unreachable: every enumerator has a row
}

template <class Table>
auto ParseId(const Table& table, std::string_view id)
    -> std::optional<decltype(table.front().value)> {
  for (const auto& row : table) {
    if (row.id == id) return row.value;
  }
  return std::nullopt;
}

}  // namespace

std::span<const DivisionInfo> Divisions() { return kDivisions; }
std::span<const LawfulBasisInfo> LawfulBases() { return kBases; }
std::span<const SpecialKindInfo> SpecialKinds() { return kSpecialKinds; }
std::span<const ConditionInfo> Article9Conditions() { return kConditions; }

const DivisionInfo& Info(Division d) { return Lookup(kDivisions, d); }
const LawfulBasisInfo& Info(LawfulBasis b) { return Lookup(kBases, b); }
const SpecialKindInfo& Info(SpecialKind k) { return Lookup(kSpecialKinds, k); }
const ConditionInfo& Info(Article9Condition c) { return Lookup(kConditions, c); }

std::optional<Division> ParseDivision(std::string_view id) { return ParseId(kDivisions, id); }
std::optional<LawfulBasis> ParseLawfulBasis(std::string_view id) { return ParseId(kBases, id); }
std::optional<SpecialKind> ParseSpecialKind(std::string_view id) {
  return ParseId(kSpecialKinds, id);
}
std::optional<Article9Condition> ParseArticle9Condition(std::string_view id) {
  return ParseId(kConditions, id);
}

}  // namespace casekeep::policy
