#include "accounts/internal/rows.h"

#include "accounts/types.h"
#include "audit/chain.h"
#include "crypto/codes.h"

namespace casekeep::accounts::internal {

Result<store::UserRow> LoadUser(store::Tx& tx, std::string_view ref) {
  std::optional<store::UserRow> row;
  // Usernames are lower case, so an upper-case prefix letter and hyphen can only start a code.
  if (ref.size() > 2 && ref[0] == kUserCodePrefix && ref[1] == '-') {
    const std::string code = crypto::NormaliseCode(ref);
    CK_ASSIGN_OR_RETURN(row, tx.FindUserByCode(code));
    if (!row) return NotFound("no user has the code " + code);
  } else {
    CK_ASSIGN_OR_RETURN(row, tx.FindUserByName(ref));
    if (!row) return NotFound("no user is called '" + std::string(ref) + "'");
  }
  return *std::move(row);
}

void NextVersion(store::UserRow& row, std::int64_t now) {
  ++row.version;
  row.updated_at = now;
}

Status Audit(store::Tx& tx, const records::Vault& vault, std::int64_t now, std::string_view actor,
             std::string_view action, std::vector<std::string> objects, std::string_view outcome,
             std::string detail) {
  audit::AuditEvent event;
  event.actor = std::string(actor);
  event.action = std::string(action);
  event.objects = std::move(objects);
  event.outcome = std::string(outcome);
  event.detail = std::move(detail);
  return audit::AuditLog().Append(tx, vault.audit_key(), std::move(event), now * 1'000'000);
}

}  // namespace casekeep::accounts::internal
