// The disclosure log and share packages (docs/sharing.md): what the records service keeps about
// every share of a person's data with a recipient of the policy, and the package that carries
// what was shared, as HTML for people or JSON for systems, optionally encrypted under a
// passphrase. Plain value types and pure functions; the service methods are in service.h,
// "Disclosures". Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "store/store.h"

namespace casekeep::records {

//! A share to record: who it is about, to whom, on what basis, what goes.
struct NewDisclosure {
  std::string subject;                  //!< "S-…": the person whose data is shared
  std::string case_code;                //!< "C-…" the share comes from, or empty
  std::string recipient;                //!< policy recipient id
  std::string basis;                    //!< one of the recipient's bases (policy::ShareBasisName)
  std::string consent;                  //!< basis "consent": the policy consent relied on
  std::vector<std::string> records;     //!< "R-…" codes to include; may be empty
  std::vector<std::string> categories;  //!< empty: every category the recipient may receive
  std::string justification;            //!< why; required when shared without the person's consent
  std::string approved_by;              //!< user code of the approver; empty: the sharer approves
  std::string note;                     //!< optional free text kept with the disclosure
};

//! A disclosure as the log shows it.
struct DisclosureView {
  std::string code;  //!< "D-…"
  std::string subject;
  std::string case_code;
  std::string recipient;       //!< policy recipient id
  std::string recipient_name;  //!< the policy's name for them (empty if no longer in the policy)
  std::string basis;
  std::string consent;
  bool without_consent = false;  //!< flagged to the DPO
  std::vector<std::string> records;
  std::vector<std::string> categories;
  std::string shared_by;
  std::string approved_by;
  std::int64_t at = 0;  //!< Unix seconds
  std::string justification;
  std::string note;
  std::optional<std::int64_t> reviewed_at;
  std::string reviewed_by;
};

//! What a share carries: the disclosure and the data, only the fields of the shared categories
//! the sharer may read.
struct SharePackage {
  DisclosureView disclosure;
  nlohmann::json person = nlohmann::json::object();  //!< code, kind, fields
  nlohmann::json records = nlohmann::json::array();  //!< code, type, case, occurred_on, fields
};

//! The JSON of a disclosure (API, CLI, package).
[[nodiscard]] nlohmann::json DisclosureJson(const DisclosureView& v);
//! The package for systems: {"format": "casekeep-share-1", "organisation", "disclosure",
//! "person", "records"}.
[[nodiscard]] nlohmann::json PackageJson(const SharePackage& p, const policy::Policy& policy);
//! The package for people: one self-contained HTML page, every value escaped.
[[nodiscard]] std::string PackageHtml(const SharePackage& p, const policy::Policy& policy);

//! Argon2id cost of a package passphrase (libsodium's "interactive" level by default).
struct PackageCost {
  std::uint64_t ops_limit = 2;
  std::size_t mem_limit = std::size_t{64} * 1024 * 1024;
};
//! Largest memory cost an encrypted package may ask for when it is opened (1 GiB).
inline constexpr std::size_t kMaxPackageMemLimit = std::size_t{1} << 30;
//! Shortest passphrase accepted for a package.
inline constexpr std::size_t kMinPackagePassphraseBytes = 12;

//! The files of a package (name -> content) sealed under a passphrase in the format of
//! docs/sharing.md. kInvalidArgument for a passphrase under kMinPackagePassphraseBytes, a cost
//! out of range or a file name that is not a plain name.
[[nodiscard]] Result<store::Bytes> SealPackage(
    const std::vector<std::pair<std::string, std::string>>& files,
    std::span<const std::uint8_t> passphrase, const PackageCost& cost = {});
//! The files of an encrypted package. kDataLoss if it is not a casekeep package, has been
//! altered or truncated, or the passphrase is wrong (they cannot be told apart);
//! kInvalidArgument for a cost above kMaxPackageMemLimit or a file name that is not plain.
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> OpenPackage(
    std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> passphrase);

//! The distinct recipients (policy ids, sorted) a person's data has been disclosed to, from the
//! log: whom to tell of a rectification, erasure or restriction (Art 19).
[[nodiscard]] Result<std::vector<std::string>> DisclosedRecipients(store::Tx& tx,
                                                                   std::int64_t subject_id);

}  // namespace casekeep::records
