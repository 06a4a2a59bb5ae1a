// The privacy notice: UK GDPR Art 13/14 information written from the policy in plain English.
// Each section is one function that adds to a Document and leaves out what the policy does not
// set, so no empty heading or table is ever written. A notice asked for as kCsv is written as
// Markdown: a notice is prose, not rows.
#include "policy/notice.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "policy/text.h"

namespace casekeep::policy {
namespace {

constexpr std::string_view kIcoComplaintUrl = "https://ico.org.uk/make-a-complaint";
constexpr std::string_view kIcoComplaintText = "ico.org.uk/make-a-complaint";
constexpr std::string_view kIcoPhone = "0303 123 1113";
constexpr std::string_view kIcoAddress =
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF";

std::string Title(const Policy& p) {
  if (!p.notice.title.empty()) return p.notice.title;
  return p.organisation.name.empty() ? "Privacy notice" : p.organisation.name + " privacy notice";
}

std::string LabelAndDescription(const std::string& label, const std::string& description) {
  return description.empty() ? label : label + ": " + description;
}

// Removes the columns after the first that are empty in every row.
void DropEmptyColumns(Table& t) {
  for (std::size_t col = t.columns.size(); col-- > 1;) {
    const bool empty = std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& row) {
      return col >= row.size() || row[col].empty();
    });
    if (!empty) continue;
    t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(col));
    for (auto& row : t.rows) {
      if (col < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(col));
    }
  }
}

bool AnyConsentPurpose(const Policy& p) {
  return std::any_of(p.purposes.begin(), p.purposes.end(),
                     [](const Purpose& x) { return x.basis == LawfulBasis::kConsent; });
}

void WhoWeAre(const Policy& p, Document& doc) {
  const Organisation& o = p.organisation;
  doc.Heading(2, "Who we are");
  const std::string name = ControllerName(o);
  doc.Paragraph((name.empty() ? "" : "We are " + name + ". ") +
                "We are responsible for the personal information described in this notice (the "
                "law calls us its \u201ccontroller\u201d).");
  doc.List(OrganisationLines(o));
  const auto dpo = ContactLines(o.dpo);
  if (dpo.empty()) return;
  doc.Heading(3, "Our data protection officer");
  doc.Paragraph("You can contact our data protection officer about anything in this notice:");
  doc.List(dpo);
}

Table ServicesTable(const Policy& p) {
  Table t{"What we collect for each service", {"Information"}, {}};
  for (const auto& s : p.services) t.columns.push_back(s.label);
  for (const auto& c : p.categories) {
    std::vector<std::string> row{c.label};
    bool any = false;
    for (const auto& s : p.services) {
      const bool yes = std::find(s.collects.begin(), s.collects.end(), c.id) != s.collects.end();
      row.push_back(yes ? "Yes" : "No");
      any = any || yes;
    }
    if (any) t.rows.push_back(std::move(row));
  }
  return t;
}

void WhatWeCollect(const Policy& p, Document& doc) {
  std::vector<std::string> people;
  for (const auto& k : p.subject_kinds) {
    people.push_back(LabelAndDescription(k.label, k.description));
  }
  std::vector<std::string> described;
  for (const auto& c : p.categories) {
    if (!c.description.empty()) described.push_back(LabelAndDescription(c.label, c.description));
  }
  Table services = ServicesTable(p);
  if (people.empty() && described.empty() && services.rows.empty()) return;
  doc.Heading(2, "What information we collect");
  if (!people.empty()) {
    doc.Paragraph("We hold information about these people:");
    doc.List(std::move(people));
  }
  doc.AddTable(std::move(services));
  if (!described.empty()) {
    doc.Paragraph("What each kind of information means:");
    doc.List(std::move(described));
  }
}

void OnePurpose(const Policy& p, const Purpose& purpose, Document& doc) {
  const LawfulBasisInfo& basis = Info(purpose.basis);
  doc.Heading(3, purpose.label);
  doc.FreeText(purpose.description);
  doc.Paragraph("Lawful basis: " + std::string(basis.label) + " (" + std::string(basis.citation) +
                "). We use your information for this because " + std::string(basis.plain) + ".");
  if (!purpose.legitimate_interest.empty()) {
    doc.Paragraph("Our legitimate interest: " + purpose.legitimate_interest);
  }
  if (!purpose.categories.empty()) {
    doc.Paragraph(
        "Information we use for this: " + JoinLabels(CategoryLabels(p, purpose.categories)) + ".");
  }
  if (!purpose.services.empty()) {
    doc.Paragraph("This applies to: " + JoinLabels(ServiceLabels(p, purpose.services)) + ".");
  }
}

void Consents(const Policy& p, Document& doc) {
  if (p.consents.empty() && !AnyConsentPurpose(p)) return;
  doc.Heading(3, "When we ask for your consent");
  for (const auto& c : p.consents) {
    doc.Paragraph(c.label + (c.explicit_consent ? " (explicit consent)" : "") +
                  ". We ask you to agree to these words:");
    doc.FreeText(c.text);
  }
  doc.Paragraph(
      "You can withdraw your consent at any time, and it is as easy to withdraw as to "
      "give. Withdrawing stops that use from then on; it does not affect what we did "
      "before.");
}

void WhyWeUseIt(const Policy& p, Document& doc) {
  if (p.purposes.empty()) return;
  doc.Heading(2, "Why we use your information and our lawful basis");
  doc.Paragraph(
      "The law says we must have a lawful basis for each way we use your information. "
      "These are the ways we use it, and the basis for each.");
  for (const auto& purpose : p.purposes) OnePurpose(p, purpose, doc);
  Consents(p, doc);
}

void SpecialCategories(const Policy& p, Document& doc) {
  std::vector<const Category*> special;
  for (const auto& c : p.categories) {
    if (c.special) special.push_back(&c);
  }
  if (special.empty()) return;
  doc.Heading(2, "Special category and criminal offence information");
  doc.Paragraph(
      "Some information is more sensitive, and the law gives it extra protection. We "
      "only use it when a condition in UK GDPR Article 9 or, for information about "
      "criminal offences, in the Data Protection Act 2018 Schedule 1 applies.");
  bool policy_document = false;
  for (const Category* c : special) {
    doc.Heading(3, c->label);
    doc.Paragraph("This is information about " + std::string(Info(*c->special).label) + ".");
    std::vector<std::string> conditions;
    for (auto cond : c->conditions) {
      const ConditionInfo& info = Info(cond);
      conditions.push_back(std::string(info.label) + " (" + ConditionCitation(*c->special, cond) +
                           "): " + std::string(info.plain) + ".");
    }
    if (!conditions.empty()) doc.Paragraph("The conditions we rely on:");
    doc.List(std::move(conditions));
    doc.FreeText(c->condition_note);
    policy_document = policy_document || NeedsPolicyDocument(*c);
  }
  if (policy_document) {
    doc.Paragraph(
        "Where the law requires it, we keep an appropriate policy document that explains "
        "how we protect this information and how long we keep it. You can ask our "
        "data protection officer for a copy.");
  }
}

void WhereFrom(const Policy& p, Document& doc) {
  std::vector<std::string> sources;
  for (const auto& id : p.referral_sources) {
    const auto it = p.referral_source_labels.find(id);
    sources.push_back(it == p.referral_source_labels.end() ? id : it->second);
  }
  if (p.notice.how_we_collect.empty() && sources.empty()) return;
  doc.Heading(2, "Where your information comes from");
  doc.FreeText(p.notice.how_we_collect);
  if (!sources.empty()) {
    doc.Paragraph("Families can come to us through:");
    doc.List(std::move(sources));
  }
}

std::string_view ShareBasisWords(ShareBasis b) {
  switch (b) {
    case ShareBasis::kConsent:
      return "When you agree";
    case ShareBasis::kLegalObligation:
      return "When the law requires us to";
    case ShareBasis::kVitalInterests:
      return "To protect someone's life";
    case ShareBasis::kSafeguarding:
      return "To protect a child or an adult at risk from harm";
    case ShareBasis::kContract:
      return "To carry out a contract";
    case ShareBasis::kPublicTask:
      return "For a task in the public interest";
  }
  return "When you agree";
}

Table RecipientsTable(const Policy& p) {
  Table t{"Organisations we may share information with",
          {"Organisation", "Who they are", "When we share", "What we share"},
          {}};
  for (const auto& r : p.recipients) {
    std::vector<std::string> when;
    for (auto b : r.bases) when.emplace_back(ShareBasisWords(b));
    std::string what =
        r.anonymised_only
            ? "We share only numbers and statistics, never anything that identifies you"
            : JoinLabels(CategoryLabels(p, r.categories));
    std::string who = r.kind.empty()          ? r.description
                      : r.description.empty() ? r.kind
                                              : r.kind + "\n" + r.description;
    t.rows.push_back({r.name, std::move(who), Join(when, "\n"), std::move(what)});
  }
  DropEmptyColumns(t);
  return t;
}

Table ProcessorsTable(const Policy& p) {
  Table t{"Organisations that process information for us",
          {"Organisation", "What they do for us", "Where", "How long they keep it"},
          {}};
  for (const auto& x : p.processors) {
    t.rows.push_back({x.name, x.purpose, CountryName(x.country), x.retention});
  }
  DropEmptyColumns(t);
  return t;
}

std::vector<std::string> Transfers(const Policy& p) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& name, const std::string& country,
                       const std::string& safeguard) {
    if (!IsOutsideUk(country)) return;
    out.push_back(name + " (" + CountryName(country) + ")" +
                  (safeguard.empty() ? "" : ": " + safeguard));
  };
  for (const auto& x : p.processors) add(x.name, x.country, x.transfer_safeguard);
  for (const auto& r : p.recipients) add(r.name, r.country, r.transfer_safeguard);
  return out;
}

void Sharing(const Policy& p, Document& doc) {
  if (p.notice.sharing.empty() && p.recipients.empty() && p.processors.empty()) return;
  doc.Heading(2, "Who we share your information with");
  doc.FreeText(p.notice.sharing);
  doc.AddTable(RecipientsTable(p));
  if (!p.processors.empty()) {
    doc.Heading(3, "Organisations that work for us");
    doc.Paragraph(
        "These organisations store or process information for us, under a contract, "
        "and only on our instructions.");
    doc.AddTable(ProcessorsTable(p));
  }
  if (p.recipients.empty() && p.processors.empty()) return;
  doc.Heading(3, "Sending information outside the UK");
  auto transfers = Transfers(p);
  if (transfers.empty()) {
    doc.Paragraph("We do not send your information outside the UK.");
    return;
  }
  doc.Paragraph(
      "Some of these organisations are outside the UK. When your information goes to "
      "them, it is protected by these safeguards:");
  doc.List(std::move(transfers));
}

bool Overlap(const RetentionRule& a, const RetentionRule& b) {
  return std::any_of(a.record_types.begin(), a.record_types.end(), [&](const std::string& id) {
    return std::find(b.record_types.begin(), b.record_types.end(), id) != b.record_types.end();
  });
}

// True when some other rule for the same records outranks `rule`.
bool Outranked(const Policy& p, const RetentionRule& rule) {
  return std::any_of(p.retention.begin(), p.retention.end(), [&](const RetentionRule& other) {
    return other.priority > rule.priority && Overlap(rule, other);
  });
}

// The rules, highest priority first (ties keep the policy's order), so that "the first row that
// applies wins" is true of the table.
std::vector<const RetentionRule*> RulesByPriority(const Policy& p) {
  std::vector<const RetentionRule*> rules;
  for (const auto& rule : p.retention) rules.push_back(&rule);
  std::stable_sort(rules.begin(), rules.end(), [](const RetentionRule* a, const RetentionRule* b) {
    return a->priority > b->priority;
  });
  return rules;
}

Table RetentionTable(const Policy& p) {
  Table t{
      "How long we keep information",
      {"Information", "How long we keep it", "When this applies", "Parts deleted sooner", "Why"},
      {}};
  const bool any_condition = std::any_of(p.retention.begin(), p.retention.end(),
                                         [](const RetentionRule& r) { return !r.when.Empty(); });
  for (const RetentionRule* rule : RulesByPriority(p)) {
    std::string when = Join(RetentionConditions(p, *rule), "\n");
    if (when.empty() && any_condition) when = Outranked(p, *rule) ? "In other cases" : "All cases";
    t.rows.push_back({RetentionWhat(p, *rule), RetentionHowLong(p, *rule), std::move(when),
                      Join(PartialRetentionLines(p, *rule), "\n"), rule->reason});
  }
  DropEmptyColumns(t);
  return t;
}

void Retention(const Policy& p, Document& doc) {
  if (p.retention.empty() && p.hold_kinds.empty()) return;
  doc.Heading(2, "How long we keep your information");
  doc.Paragraph(
      "We keep information only for as long as we need it. When the time below has "
      "passed, we delete it securely, and copies in our backups can no longer be read.");
  doc.AddTable(RetentionTable(p));
  const bool overlaps = std::any_of(p.retention.begin(), p.retention.end(),
                                    [&](const RetentionRule& r) { return Outranked(p, r); });
  if (overlaps) {
    doc.Paragraph(
        "Where more than one row could apply to the same information, the first of them "
        "in the table applies.");
  }
  if (p.hold_kinds.empty()) return;
  doc.Paragraph(
      "We do not delete information while a hold is in place, for example while it is "
      "needed to keep someone safe or for a legal claim. The holds we use are:");
  std::vector<std::string> holds;
  for (const auto& h : p.hold_kinds) {
    std::string line = LabelAndDescription(h.label, h.description);
    if (h.review) {
      const std::string period = DescribePeriod(*h.review);
      line += line.ends_with('.') ? " Reviewed every " + period + "."
                                  : " (reviewed every " + period + ")";
    }
    holds.push_back(std::move(line));
  }
  doc.List(std::move(holds));
}

void Security(const Policy& p, Document& doc) {
  doc.Heading(2, "How we keep your information safe");
  doc.Paragraph(
      "Your information is encrypted when it is stored. Staff and volunteers can see "
      "only what they need for their work, and every time someone looks at or changes "
      "your information it is recorded.");
  doc.FreeText(p.notice.security);
}

std::string_view Unsubscribe(Channel c) {
  switch (c) {
    case Channel::kEmail:
      return "use the unsubscribe link in any email";
    case Channel::kSms:
      return "reply STOP to any text message";
    case Channel::kPhone:
      return "tell us when we call";
    case Channel::kPost:
      return "contact us";
  }
  return "tell us";
}

void Marketing(const Policy& p, Document& doc) {
  if (p.marketing.empty()) return;
  doc.Heading(2, "Keeping in touch");
  doc.Paragraph(
      "We only send you news, updates or appeals if you have opted in to them. We may "
      "contact you in these ways:");
  std::vector<std::string> channels;
  std::vector<std::string> how;
  for (const auto& m : p.marketing) {
    std::string line = m.label.empty() ? std::string(ChannelName(m.channel)) : m.label;
    const Purpose* purpose = p.FindPurpose(m.purpose);
    if (purpose != nullptr) line += " (" + purpose->label + ")";
    channels.push_back(std::move(line));
    const std::string step(Unsubscribe(m.channel));
    if (std::find(how.begin(), how.end(), step) == how.end()) how.push_back(step);
  }
  doc.List(std::move(channels));
  doc.Paragraph("You can unsubscribe at any time: " + JoinLabels(how, "or") + ".");
  std::vector<std::string> contact;
  if (!p.organisation.email.empty()) contact.push_back("email " + p.organisation.email);
  if (!p.organisation.phone.empty()) contact.push_back("call " + p.organisation.phone);
  if (!contact.empty()) doc.Paragraph("You can also " + JoinLabels(contact, "or") + ".");
}

std::vector<std::string> RightsList(const Policy& p) {
  std::vector<std::string> rights{
      "Access: to ask for a copy of the information we hold about you.",
      "Rectification: to ask us to correct information that is wrong or incomplete.",
      "Erasure: to ask us to delete your information. We may have to keep some of it, for "
      "example to keep a child safe or because the law requires it, and we will tell you why.",
      "Restriction: to ask us to stop using your information for a while, but keep it.",
      "Objection: to object to how we use your information where we rely on legitimate "
      "interests or a public task.",
      "Portability: to get the information you gave us in a machine-readable form, where we use "
      "it with your consent or for a contract.",
      "Automated decisions: not to be subject to a decision made only by a computer that has a "
      "legal or similarly significant effect on you."};
  if (AnyConsentPurpose(p)) {
    rights.push_back(
        "Withdrawing consent: where we rely on your consent, to withdraw it at any "
        "time.");
  }
  return rights;
}

void Rights(const Policy& p, Document& doc) {
  doc.Heading(2, "Your rights");
  doc.Paragraph("You have these rights over your information:");
  doc.List(RightsList(p));
  doc.Paragraph(
      "We will reply within one month of receiving your request. If your request is "
      "complex, or you have sent us several, we may take up to two more months; if so "
      "we will tell you why within the first month. We do not normally charge a fee.");
  if (p.organisation.division == Division::kScotland) {
    doc.Paragraph(
        "In Scotland, a child aged 12 or over is presumed to be old enough to make "
        "their own request.");
  }
  doc.Heading(3, "How to make a request");
  if (!p.notice.rights_how.empty()) {
    doc.FreeText(p.notice.rights_how);
  } else {
    doc.Paragraph(
        "Contact our data protection officer (see \u201cWho we are\u201d). You can ask "
        "in writing, by email, by phone or in person.");
  }
}

void Automated(const Policy& p, Document& doc) {
  doc.Heading(2, "Automated decisions");
  if (p.notice.automated_decisions.empty()) {
    doc.Paragraph(
        "We do not make decisions about you using only automated processing, without a "
        "person involved.");
  } else {
    doc.FreeText(p.notice.automated_decisions);
  }
}

void Children(const Policy& p, Document& doc) {
  if (p.notice.children.empty()) return;
  doc.Heading(2, "Children");
  doc.FreeText(p.notice.children);
}

Table CookiesTable(const Policy& p) {
  Table t{"Cookies we use",
          {"Cookie", "What it is for", "Necessary or needs consent", "Set by", "How long it lasts"},
          {}};
  for (const auto& c : p.cookies) {
    t.rows.push_back({c.label.empty() ? c.id : c.label, c.description,
                      c.necessary ? "Strictly necessary (always on)" : "Only with your consent",
                      JoinLabels(c.providers), c.duration});
  }
  DropEmptyColumns(t);
  return t;
}

void Cookies(const Policy& p, Document& doc) {
  const auto& keep = p.settings.cookie_consent_retention;
  if (p.notice.cookies.empty() && p.cookies.empty()) return;
  doc.Heading(2, "Cookies");
  doc.FreeText(p.notice.cookies);
  doc.AddTable(CookiesTable(p));
  if (keep) {
    doc.Paragraph("We keep a record of your cookie choices for " + DescribePeriod(*keep) + ".");
  }
}

void Complaints(const Policy& p, Document& doc) {
  doc.Heading(2, "How to complain");
  doc.Paragraph(
      "If you are unhappy with how we have used your information, please contact our "
      "data protection officer first, so that we can try to put it right.");
  doc.Paragraph(
      "You also have the right to complain to the Information Commissioner's Office "
      "(ICO), the UK's data protection regulator.");
  doc.LinkParagraph("You can complain online at ", kIcoComplaintText, kIcoComplaintUrl,
                    ", by phone on " + std::string(kIcoPhone) + ", or by post to " +
                        std::string(kIcoAddress) + ".");
  doc.FreeText(p.organisation.other_regulators);
}

void Changes(const Policy& p, Document& doc) {
  doc.Heading(2, "Changes to this notice");
  doc.FreeText(p.notice.changes);
  if (!p.notice.updated.empty()) {
    doc.Paragraph("This notice was last updated on " + FormatDate(p.notice.updated) + ".");
  }
  if (!p.version.empty()) {
    doc.Paragraph("It was written from version " + p.version + " of our privacy policy.");
  }
}

void Extra(const Policy& p, Document& doc) {
  for (const auto& section : p.notice.extra) {
    if (section.title.empty() && section.body.empty()) continue;
    doc.Heading(2, section.title.empty() ? "More information" : section.title);
    doc.FreeText(section.body);
  }
}

Document BuildNotice(const Policy& p) {
  Document doc;
  doc.Heading(1, Title(p));
  doc.FreeText(p.notice.summary);
  WhoWeAre(p, doc);
  WhatWeCollect(p, doc);
  WhyWeUseIt(p, doc);
  SpecialCategories(p, doc);
  WhereFrom(p, doc);
  Sharing(p, doc);
  Retention(p, doc);
  Security(p, doc);
  Marketing(p, doc);
  Rights(p, doc);
  Automated(p, doc);
  Children(p, doc);
  Cookies(p, doc);
  Complaints(p, doc);
  Changes(p, doc);
  Extra(p, doc);
  return doc;
}

}  // namespace

void AddAccessInformation(const Policy& policy, Document& doc) {
  WhoWeAre(policy, doc);
  WhyWeUseIt(policy, doc);
  SpecialCategories(policy, doc);
  WhereFrom(policy, doc);
  Sharing(policy, doc);
  Retention(policy, doc);
  Rights(policy, doc);
  Automated(policy, doc);
  Complaints(policy, doc);
}

std::string RenderNotice(const Policy& policy, DocFormat format) {
  const Document doc = BuildNotice(policy);
  return format == DocFormat::kHtml ? doc.ToHtml(Title(policy)) : doc.ToMarkdown();
}

}  // namespace casekeep::policy
