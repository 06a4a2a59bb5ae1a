// The privacy notice, written from the policy: the Article 13/14 information in plain English,
// as accessible HTML or Markdown. Pure functions of the policy; thread-safe.
#pragma once

#include <string>

#include "policy/model.h"

namespace casekeep::policy {

enum class DocFormat { kHtml, kMarkdown, kCsv };

//! The privacy notice in `format` (kHtml or kMarkdown). Deterministic: the same policy always
//! gives the same bytes, so a hash of the output identifies the notice version.
std::string RenderNotice(const Policy& policy, DocFormat format);

}  // namespace casekeep::policy
