#include "records/writer.h"

#include <algorithm>

#include "crypto/codes.h"
#include "records/audit_batcher.h"

namespace casekeep::records::internal {

crypto::Normalisation NormalisationFor(const policy::Field& f) {
  switch (f.type) {
    case policy::FieldType::kEmail: return crypto::Normalisation::kEmail;
    case policy::FieldType::kPhone: return crypto::Normalisation::kUkPhone;
    case policy::FieldType::kPostcode: return crypto::Normalisation::kPostcode;
    default: break;
  }
  return f.id.find("name") != std::string::npos ? crypto::Normalisation::kName
                                                : crypto::Normalisation::kText;
}

std::string DecisionDetail(const access::Decision& d, std::string extra) {
  if (!d.break_glass) return extra;
  return extra.empty() ? "break-glass" : "break-glass " + extra;
}

Status CheckMemberRole(std::string_view role) {
  const bool ok =
      !role.empty() && role.size() <= 64 && std::all_of(role.begin(), role.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
  if (!ok) return InvalidArgument("a member's role must be a short id such as parent or child");
  return {};
}

Status CheckRelationshipKind(std::string_view kind) {
  static constexpr std::string_view kKinds[] = {"parent_of",  "carer_of",   "professional_for",
                                                "sibling_of", "partner_of", "relative_of"};
  if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds)) {
    return InvalidArgument("unknown relationship '" + std::string(kind) +
                           "'; use parent_of, carer_of, professional_for, sibling_of, partner_of "
                           "or relative_of");
  }
  return {};
}

std::string FieldsAd(std::string_view kind, std::string_view code, std::int64_t version) {
  return std::string(kind) + ":" + std::string(code) + ":v" + std::to_string(version);
}

Result<Txn> Txn::Begin(store::Store& store, Vault& vault, bool write) {
  Txn t;
  if (write) {
    CK_ASSIGN_OR_RETURN(t.tx_, store.Begin());
  } else {
    CK_ASSIGN_OR_RETURN(t.tx_, store.BeginRead());
  }
  t.keys_ = std::make_unique<KeyScope>(vault, *t.tx_);
  t.vault_ = &vault;
  return t;
}

Result<Txn> Txn::BeginRead(store::Store& store, Vault& vault, AuditBatcher& batcher) {
  CK_ASSIGN_OR_RETURN(Txn t, Begin(store, vault, false));
  t.batcher_ = &batcher;
  return t;
}

Status Txn::AddBreakGlass(store::BreakGlassRow row) {
  if (batcher_ == nullptr) {
    CK_TRY(tx_->InsertBreakGlass(row));
    return {};
  }
  break_glass_.push_back(std::move(row));
  return {};
}

Result<store::Bytes> Txn::SealFields(std::string_view owner, std::string_view ad,
                                     const nlohmann::json& fields) {
  const std::vector<std::uint8_t> plain = nlohmann::json::to_cbor(fields);
  return keys_->Seal(owner, ad, plain);
}

Result<nlohmann::json> Txn::OpenFields(std::string_view owner, std::string_view ad,
                                       const store::Bytes& sealed, bool* erased) {
  if (erased != nullptr) *erased = false;
  auto plain = keys_->Open(owner, ad, sealed);
  if (!plain) {
    if (plain.error().code == ErrorCode::kNotFound) {
      if (erased != nullptr) *erased = true;
      return nlohmann::json::object();
    }
    return std::unexpected(plain.error());
  }
  nlohmann::json fields = nlohmann::json::from_cbor(*plain, true, false);
  if (fields.is_discarded() || !fields.is_object()) {
    return Fail(ErrorCode::kDataLoss, "sealed fields of " + std::string(ad) + " are malformed");
  }
  return fields;
}

Result<store::SubjectRow> Txn::Subject(std::string_view code) {
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, crypto::kSubjectCodePrefix));
  CK_ASSIGN_OR_RETURN(auto row, tx_->FindSubject(canonical));
  if (!row) return NotFound("no person with code " + canonical);
  return std::move(*row);
}

Result<store::CaseRow> Txn::Case(std::string_view code) {
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, crypto::kCaseCodePrefix));
  CK_ASSIGN_OR_RETURN(auto row, tx_->FindCase(canonical));
  if (!row) return NotFound("no case with code " + canonical);
  return std::move(*row);
}

Result<store::RecordRow> Txn::Record(std::string_view code) {
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, 'R'));
  CK_ASSIGN_OR_RETURN(auto row, tx_->FindRecord(canonical));
  if (!row) return NotFound("no record with code " + canonical);
  return std::move(*row);
}

Status Txn::Finish(const audit::AuditEvent& event, std::int64_t at_micros) {
  if (batcher_ != nullptr) {
    keys_.reset();  // the snapshot ends before waiting for the commit
    tx_.reset();
    return batcher_->Append(event, at_micros, std::move(break_glass_));
  }
  CK_TRY(audit::AuditLog().Append(*tx_, vault_->audit_key(), event, at_micros));
  CK_TRY(tx_->Commit());
  keys_->Committed();
  return {};
}

}  // namespace casekeep::records::internal
