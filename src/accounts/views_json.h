// The JSON form of staff accounts and API tokens, one for the command line's --json output and
// the HTTP API alike (docs/api.md). Never holds a hash or a secret. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "accounts/types.h"

namespace casekeep::accounts {

nlohmann::json ToJson(const UserView& u);
nlohmann::json ToJson(const TokenView& t);

}  // namespace casekeep::accounts
