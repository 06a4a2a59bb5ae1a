// `casekeep share create|list|flagged|review` (the disclosure log through the records service)
// and `casekeep package open` (an encrypted share package); docs/sharing.md.
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "base/file.h"
#include "cli/folder.h"
#include "crypto/bytes.h"
#include "records/disclosure.h"

namespace casekeep::cli {
namespace {

// A package is at most this large when opened.
constexpr std::size_t kMaxPackageFileBytes = std::size_t{256} << 20;
constexpr std::size_t kMaxPassphraseFileBytes = 4096;
constexpr const char* kPassphraseEnv = "CASEKEEP_SHARE_PASSPHRASE";

struct ShareOptions {
  FolderOptions folder;
  std::string subject;
  std::string case_code;
  std::string recipient;
  std::string basis;
  std::string consent;
  std::vector<std::string> records;
  std::vector<std::string> categories;
  std::string justification;
  std::string approved_by;
  std::string note;
  std::string purpose;
  std::string format = "json";
  std::string out;
  std::string passphrase_file;
  std::string code;
  std::string file;
};

records::Actor LocalActor(const ShareOptions& o) {
  records::Actor a;
  a.purpose = o.purpose;
  return a;
}

// The passphrase: the first line of `file`, or the environment variable.
Result<std::string> Passphrase(const std::string& file) {
  std::string text;
  if (!file.empty()) {
    CK_ASSIGN_OR_RETURN(text, ReadFileCapped(file, kMaxPassphraseFileBytes));
    if (const auto nl = text.find_first_of("\r\n"); nl != std::string::npos) text.resize(nl);
  } else if (const char* env = std::getenv(kPassphraseEnv); env != nullptr) {
    text = env;
  }
  if (text.empty()) {
    return InvalidArgument(std::string("give the passphrase with --passphrase-file or ") +
                           kPassphraseEnv);
  }
  return text;
}

void Create(Context& ctx, const ShareOptions& o) {
  if (o.format != "json" && o.format != "html") {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "--format is json or html"});
  }
  std::string passphrase;
  if (!o.passphrase_file.empty()) {
    auto p = Passphrase(o.passphrase_file);
    if (!p) return ctx.Fail(p.error());
    passphrase = *p;
    if (passphrase.size() < records::kMinPackagePassphraseBytes) {
      return ctx.Fail(Error{ErrorCode::kInvalidArgument,
                            "a package passphrase has at least " +
                                std::to_string(records::kMinPackagePassphraseBytes) +
                                " characters"});
    }
    if (o.out.empty())
      return ctx.Fail(Error{ErrorCode::kInvalidArgument, "an encrypted package needs --out FILE"});
  }
  if (!o.out.empty() && std::filesystem::exists(o.out)) {
    return ctx.Fail(Error{ErrorCode::kAlreadyExists, o.out + " exists; nothing was shared"});
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::NewDisclosure d{o.subject, o.case_code,  o.recipient,     o.basis,       o.consent,
                           o.records, o.categories, o.justification, o.approved_by, o.note};
  auto package = folder->records().Share(LocalActor(o), d);
  if (!package) return ctx.Fail(package.error());
  const auto& policy = folder->records().policy();
  std::string content = o.format == "html" ? records::PackageHtml(*package, policy)
                                           : records::PackageJson(*package, policy).dump(2) + "\n";
  if (!passphrase.empty()) {
    const std::string name = package->disclosure.code + (o.format == "html" ? ".html" : ".json");
    auto sealed = records::SealPackage({{name, content}}, crypto::AsBytes(passphrase));
    if (!sealed) return ctx.Fail(sealed.error());
    content.assign(sealed->begin(), sealed->end());
  }
  if (o.out.empty()) {
    ctx.out << content;
    return;
  }
  if (std::filesystem::exists(o.out)) {
    return ctx.Fail(
        Error{ErrorCode::kAlreadyExists, o.out + " exists; the share " + package->disclosure.code +
                                             " was recorded: its package was not written"});
  }
  if (auto w = WriteFileAtomic(o.out, content); !w) return ctx.Fail(w.error());
  Print(ctx, o.folder.json, records::DisclosureJson(package->disclosure));
}

void List(Context& ctx, const ShareOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto views = folder->records().ListDisclosuresOf(LocalActor(o), o.subject);
  if (!views) return ctx.Fail(views.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : *views) items.push_back(records::DisclosureJson(v));
  Print(ctx, true, items);
}

void Flagged(Context& ctx, const ShareOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto views = folder->records().FlaggedDisclosures(LocalActor(o), "", 1000);
  if (!views) return ctx.Fail(views.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : *views) items.push_back(records::DisclosureJson(v));
  Print(ctx, true, items);
}

void Review(Context& ctx, const ShareOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto view = folder->records().ReviewDisclosure(LocalActor(o), o.code);
  if (!view) return ctx.Fail(view.error());
  Print(ctx, o.folder.json, records::DisclosureJson(*view));
}

void Open(Context& ctx, const ShareOptions& o) {
  auto passphrase = Passphrase(o.passphrase_file);
  if (!passphrase) return ctx.Fail(passphrase.error());
  auto sealed = ReadFileCapped(o.file, kMaxPackageFileBytes);
  if (!sealed) return ctx.Fail(sealed.error());
  auto files = records::OpenPackage(crypto::AsBytes(*sealed), crypto::AsBytes(*passphrase));
  if (!files) return ctx.Fail(files.error());
  const std::filesystem::path dir = o.out.empty() ? "." : o.out;
  for (const auto& [name, content] : *files) {
    if (std::filesystem::exists(dir / name)) {
      return ctx.Fail(Error{ErrorCode::kAlreadyExists, (dir / name).string() + " exists"});
    }
  }
  for (const auto& [name, content] : *files) {
    if (auto w = WriteFileAtomic((dir / name).string(), content); !w) return ctx.Fail(w.error());
    ctx.out << (dir / name).string() << "\n";
  }
}

}  // namespace

void AddShareCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ShareOptions>();
  CLI::App* noun = app.add_subcommand(
      "share", "Sharing a person's data with a recipient: create, list, flagged, review");
  noun->require_subcommand(1);

  CLI::App* create = noun->add_subcommand("create", "Record a share and write its package");
  AddFolderOptions(create, o->folder);
  create->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  create->add_option("--recipient", o->recipient, "The recipient, from the policy")->required();
  create->add_option("--basis", o->basis, "consent, safeguarding, legal_obligation, ...")
      ->required();
  create->add_option("--consent", o->consent, "For --basis consent: the consent relied on");
  create->add_option("--purpose", o->purpose, "The purpose the share serves");
  create->add_option("--case", o->case_code, "The case it comes from (C-...)");
  create->add_option("--record", o->records, "A record to include (R-...); repeatable");
  create->add_option("--category", o->categories,
                     "A category to share (default: all the recipient may receive); repeatable");
  create->add_option("--justification", o->justification,
                     "Why (required without consent; kept encrypted)");
  create->add_option("--approved-by", o->approved_by, "The approver's user code (W-...)");
  create->add_option("--note", o->note, "A note kept with the disclosure (encrypted)");
  create->add_option("--format", o->format, "json (default) or html");
  create->add_option("--out", o->out, "Write the package here instead of standard output");
  create->add_option("--passphrase-file", o->passphrase_file,
                     "Encrypt the package under the passphrase in this file");
  create->callback([&ctx, o] { Create(ctx, *o); });

  CLI::App* list = noun->add_subcommand("list", "A person's disclosures (JSON)");
  AddFolderOptions(list, o->folder);
  list->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  list->callback([&ctx, o] { List(ctx, *o); });

  CLI::App* flagged =
      noun->add_subcommand("flagged", "Shares made without consent awaiting the DPO's review");
  AddFolderOptions(flagged, o->folder);
  flagged->callback([&ctx, o] { Flagged(ctx, *o); });

  CLI::App* review = noun->add_subcommand("review", "Mark a flagged share reviewed");
  AddFolderOptions(review, o->folder);
  review->add_option("CODE", o->code, "The disclosure (D-...)")->required();
  review->callback([&ctx, o] { Review(ctx, *o); });

  CLI::App* package = app.add_subcommand("package", "Share packages: open");
  package->require_subcommand(1);
  CLI::App* open = package->add_subcommand("open", "Decrypt an encrypted share package");
  open->add_option("FILE", o->file, "The package (.ckshare)")->required();
  open->add_option(
      "--passphrase-file", o->passphrase_file,
      std::string("The passphrase, first line of this file (else ") + kPassphraseEnv + ")");
  open->add_option("--out", o->out, "Write the files here (default: the current directory)");
  open->callback([&ctx, o] { Open(ctx, *o); });
}

}  // namespace casekeep::cli
