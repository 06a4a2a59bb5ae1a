// Letters about a request: each is a short list of blocks (paragraphs, lists, one link) written
// out twice, as plain text and through policy::Document as HTML. Pure; thread-safe.
#include "rights/letters.h"

#include <array>
#include <utility>

#include "policy/text.h"

namespace casekeep::rights {
namespace {

constexpr std::array<std::pair<LetterKind, std::string_view>, 6> kLetters{{
    {LetterKind::kAcknowledgement, "acknowledgement"},
    {LetterKind::kIdentityRequest, "identity_request"},
    {LetterKind::kClarificationRequest, "clarification_request"},
    {LetterKind::kExtensionNotice, "extension_notice"},
    {LetterKind::kCompletion, "completion"},
    {LetterKind::kRefusal, "refusal"},
}};

struct Block {
  enum Kind { kParagraph, kList, kLink } kind = kParagraph;
  std::vector<std::string> texts;  // paragraph: 1; list: items; link: before, text, href, after
};

class Body {
 public:
  void P(std::string text) { blocks_.push_back({Block::kParagraph, {std::move(text)}}); }
  void List(std::vector<std::string> items) {
    if (!items.empty()) blocks_.push_back({Block::kList, std::move(items)});
  }
  void Link(std::string before, std::string text, std::string href, std::string after) {
    blocks_.push_back(
        {Block::kLink, {std::move(before), std::move(text), std::move(href), std::move(after)}});
  }
  const std::vector<Block>& blocks() const { return blocks_; }

 private:
  std::vector<Block> blocks_;
};

std::string PlainText(const std::vector<std::string>& head, std::string_view title,
                      const Body& body) {
  std::string out;
  for (const auto& line : head) out += line + "\n";
  out += "\n" + std::string(title) + "\n";
  for (const Block& b : body.blocks()) {
    out += "\n";
    switch (b.kind) {
      case Block::kParagraph: out += b.texts[0] + "\n"; break;
      case Block::kList:
        for (const auto& item : b.texts) out += "- " + item + "\n";
        break;
      case Block::kLink:
        out += b.texts[0] + b.texts[1] +
               (b.texts[2].empty() || b.texts[2] == b.texts[1] ? "" : " (" + b.texts[2] + ")") +
               b.texts[3] + "\n";
        break;
    }
  }
  return out;
}

std::string Html(std::string_view title, const std::vector<std::string>& head, const Body& body) {
  policy::Document doc;
  for (const auto& line : head) doc.Paragraph(line);
  doc.Heading(1, title);
  for (const Block& b : body.blocks()) {
    switch (b.kind) {
      case Block::kParagraph: doc.FreeText(b.texts[0]); break;
      case Block::kList: doc.List(b.texts); break;
      case Block::kLink: doc.LinkParagraph(b.texts[0], b.texts[1], b.texts[2], b.texts[3]); break;
    }
  }
  return doc.ToHtml(title);
}

// Who the person may complain to at the organisation: the DPO if named, else the organisation.
std::string OwnContact(const policy::Organisation& o) {
  std::string who = o.dpo.name.empty() ? "our Data Protection Officer" : o.dpo.name;
  const std::string& email = o.dpo.email.empty() ? o.email : o.dpo.email;
  const std::string& phone = o.dpo.phone.empty() ? o.phone : o.dpo.phone;
  std::string how;
  if (!email.empty()) how += " at " + email;
  if (!phone.empty()) how += (how.empty() ? " on " : " or on ") + phone;
  return who + how;
}

void Complaints(const policy::Organisation& o, Body& body, bool refusal) {
  body.P("If you are unhappy with how we have handled your request, please contact " +
         OwnContact(o) + " and we will look at it again.");
  body.Link(
      "You also have the right to complain to the Information Commissioner's Office (ICO), the "
      "UK's independent regulator for data protection: ",
      std::string(kIcoComplaintUrl), std::string(kIcoComplaintUrl),
      ", telephone " + std::string(kIcoPhone) + ".");
  if (refusal) {
    body.P("You may also ask a court to enforce your rights (UK GDPR Article 79).");
  }
}

const RequestEvent* Last(const Request& r, EventKind kind) {
  for (auto it = r.events.rbegin(); it != r.events.rend(); ++it) {
    if (it->kind == kind) return &*it;
  }
  return nullptr;
}

std::string OnBehalf(const Request& r) {
  switch (r.requester) {
    case RequesterKind::kSubject: return "";
    case RequesterKind::kParent: return " on behalf of your child";
    case RequesterKind::kThirdParty: return " on behalf of the person it concerns";
  }
  return "";
}

std::string Proofs(const Request& r, const RequestState& s) {
  std::vector<std::string> need;
  if (r.identity_needed && !s.facts.identity_verified) need.push_back("proof of identity");
  if (r.authority_needed && !s.facts.authority_proved) {
    need.push_back(r.requester == RequesterKind::kParent
                       ? "proof that you have parental responsibility for the child"
                       : "proof that you are authorised to act for the person");
  }
  return policy::JoinLabels(need);
}

Status Fill(const LetterInput& in, Body& body, std::string& title) {
  const Request& r = *in.request;
  const RequestState& s = *in.state;
  const std::string what(RequestKindWords(r.kind));
  const std::string received = s.received.ToLongString();
  switch (in.kind) {
    case LetterKind::kAcknowledgement: {
      title = "We have received your request";
      body.P("Thank you for your request" + OnBehalf(r) + " for " + what +
             ", which we received on " + received + ".");
      const std::string proofs = Proofs(r, s);
      if (!proofs.empty()) {
        body.P("Before we can deal with it we need " + proofs +
               ". The time we have to respond starts when we receive it.");
      } else if (s.status == RequestStatus::kPaused) {
        body.P(
            "We have asked you for more information; the time we have to respond is paused "
            "until we receive it.");
      } else if (s.due) {
        body.P("We will respond by " + s.due->ToLongString() + ".");
      }
      return {};
    }
    case LetterKind::kIdentityRequest: {
      const std::string proofs = Proofs(r, s);
      if (proofs.empty()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "no proof of identity or authority is awaited for this request");
      }
      title = "We need to confirm who you are";
      body.P("Thank you for your request" + OnBehalf(r) + " for " + what +
             ", which we received on " + received + ".");
      body.P("To make sure we give personal information only to the right person, we need " +
             proofs + ". Please send us a copy of one of the following:");
      std::vector<std::string> items;
      if (r.identity_needed && !s.facts.identity_verified) {
        items.push_back("a passport, driving licence or other photo identification;");
        items.push_back("a recent utility bill or bank statement showing your name and address.");
      }
      if (r.authority_needed && !s.facts.authority_proved) {
        items.push_back(r.requester == RequesterKind::kParent
                            ? "a birth certificate, court order or other evidence of parental "
                              "responsibility."
                            : "a signed authority from the person, a lasting power of attorney or "
                              "a court order.");
      }
      body.List(std::move(items));
      body.P("The one month we have to respond starts on the day we receive it.");
      return {};
    }
    case LetterKind::kClarificationRequest: {
      const RequestEvent* pause = Last(r, EventKind::kPaused);
      if (pause == nullptr) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "no clarification has been asked for on this request");
      }
      title = "We need more information about your request";
      body.P("Thank you for your request for " + what + ", which we received on " + received + ".");
      body.P("To identify the information you want, we need you to tell us:");
      body.P(pause->text);
      body.P("The time we have to respond is paused from " + pause->on.ToLongString() +
             " until we receive your answer (UK GDPR Article 12(3) and the ICO's guidance).");
      return {};
    }
    case LetterKind::kExtensionNotice: {
      const RequestEvent* ext = Last(r, EventKind::kExtended);
      if (ext == nullptr || !s.extended) {
        return Fail(ErrorCode::kFailedPrecondition, "no extension has been recorded");
      }
      title = "We need more time to respond to your request";
      body.P("We received your request for " + what + " on " + received + ".");
      body.P(
          "We need to extend the time we have to respond by up to two further months, as UK "
          "GDPR Article 12(3) allows, for these reasons:");
      body.P(ext->text);
      if (s.due) body.P("We will now respond by " + s.due->ToLongString() + ".");
      return {};
    }
    case LetterKind::kCompletion: {
      const RequestEvent* done = Last(r, EventKind::kCompleted);
      if (done == nullptr || s.status != RequestStatus::kCompleted) {
        return Fail(ErrorCode::kFailedPrecondition, "the request has not been completed");
      }
      title = "Your request has been completed";
      body.P("We have completed your request for " + what + ", which we received on " + received +
             ", on " + done->on.ToLongString() + ".");
      if (!done->text.empty()) body.P(done->text);
      return {};
    }
    case LetterKind::kRefusal: {
      const RequestEvent* no = Last(r, EventKind::kRefused);
      if (no == nullptr || s.status != RequestStatus::kRefused || !no->ground) {
        return Fail(ErrorCode::kFailedPrecondition, "the request has not been refused");
      }
      title = "Our response to your request";
      body.P("We received your request for " + what + " on " + received +
             ". We are sorry that we cannot comply with it.");
      body.P(std::string(RefusalGroundWords(*no->ground)));
      body.P(no->text);
      return {};
    }
  }
  return InvalidArgument("unknown letter");
}

}  // namespace

std::string_view LetterKindId(LetterKind kind) {
  for (const auto& [k, id] : kLetters) {
    if (k == kind) return id;
  }
  return "unknown";
}

std::optional<LetterKind> ParseLetterKind(std::string_view id) {
  for (const auto& [k, name] : kLetters) {
    if (name == id) return k;
  }
  return std::nullopt;
}

const std::vector<LetterKind>& AllLetterKinds() {
  static const std::vector<LetterKind> all = [] {
    std::vector<LetterKind> v;
    for (const auto& [k, _] : kLetters) v.push_back(k);
    return v;
  }();
  return all;
}

Result<Letter> WriteLetter(const policy::Organisation& organisation, const LetterInput& input) {
  if (input.request == nullptr || input.state == nullptr) {
    return InvalidArgument("a letter needs its request");
  }
  Body body;
  body.P(input.addressee.empty() ? "Dear Sir or Madam," : "Dear " + input.addressee + ",");
  std::string title;
  CK_TRY(Fill(input, body, title));
  body.P("Please quote our reference " + input.reference + " in any reply.");
  Complaints(organisation, body, input.kind == LetterKind::kRefusal);
  body.P("Yours sincerely,");
  body.P(policy::ControllerName(organisation));

  std::vector<std::string> head;
  head.push_back(policy::ControllerName(organisation));
  for (const std::string_view line :
       {std::string_view(organisation.address), std::string_view(organisation.email),
        std::string_view(organisation.phone)}) {
    if (!line.empty()) head.emplace_back(line);
  }
  head.push_back(input.date.ToLongString());
  head.push_back("Our reference: " + input.reference);
  Letter letter;
  letter.subject = title + " (reference " + input.reference + ")";
  letter.text = PlainText(head, title, body);
  letter.html = Html(title, head, body);
  return letter;
}

}  // namespace casekeep::rights
