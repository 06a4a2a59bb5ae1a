// The Article 30 record of processing activities, and the appropriate policy document section
// for special category and criminal offence data (DPA 2018 Sch 1 Part 4). Pure functions of the
// policy; thread-safe.
#pragma once

#include <string>

#include "policy/model.h"
#include "policy/notice.h"

namespace casekeep::policy {

//! The record of processing in `format` (kCsv or kMarkdown). Deterministic.
std::string RenderRopa(const Policy& policy, DocFormat format);

}  // namespace casekeep::policy
