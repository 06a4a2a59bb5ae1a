// Small pieces every accounts transaction uses: finding the user a caller names, preparing a
// changed row for the store's optimistic update, and appending the audit entry. Internal to the
// accounts module. Thread-safety: pure functions over a caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "base/error.h"
#include "records/vault.h"
#include "store/store.h"

namespace casekeep::accounts::internal {

//! The actor of audit entries made by someone not (yet) signed in.
inline constexpr std::string_view kAnonymousActor = "anonymous";

//! The user `ref` names: a user code if it starts with kUserCodePrefix and a hyphen (usernames
//! are lower case; the code is normalised as typed), or else a username.
//! Fails with kNotFound ("no user …") if there is none.
[[nodiscard]] Result<store::UserRow> LoadUser(store::Tx& tx, std::string_view ref);

//! Marks `row` as the next version, changed at `now`, ready for Tx::UpdateUser.
void NextVersion(store::UserRow& row, std::int64_t now);

//! Appends one entry to the audit chain in `tx` at `now` (Unix seconds).
[[nodiscard]] Status Audit(store::Tx& tx, const records::Vault& vault, std::int64_t now,
                           std::string_view actor, std::string_view action,
                           std::vector<std::string> objects, std::string_view outcome,
                           std::string detail = {});

}  // namespace casekeep::accounts::internal
