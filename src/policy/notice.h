// The privacy notice, written from the policy: the Article 13/14 information in plain English,
// as accessible HTML or Markdown. Pure functions of the policy; thread-safe.
#pragma once

#include <string>

#include "policy/model.h"
#include "policy/text.h"

namespace casekeep::policy {

enum class DocFormat { kHtml, kMarkdown, kCsv };

//! The privacy notice in `format` (kHtml or kMarkdown). Deterministic: the same policy always
//! gives the same bytes, so a hash of the output identifies the notice version.
std::string RenderNotice(const Policy& policy, DocFormat format);

//! The information an access response gives besides the data (UK GDPR Art 15(1)(a)-(h), (2)),
//! in the notice's own words: who we are, purposes and lawful bases, special categories,
//! sources, recipients and transfers, retention, rights, automated decisions and complaints.
//! Headings start at level 2.
void AddAccessInformation(const Policy& policy, Document& doc);

}  // namespace casekeep::policy
