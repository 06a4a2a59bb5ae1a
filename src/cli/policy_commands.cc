// `casekeep policy check|notice|ropa FILE`: validate a policy file and write the documents
// generated from it.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "base/file.h"
#include "cli/command.h"
#include "policy/notice.h"
#include "policy/policy.h"
#include "policy/ropa.h"

namespace casekeep::cli {
namespace {

struct PolicyOptions {
  std::string file;
  std::string format;
  std::string output;
};

// Loads the policy, printing every problem; returns nullopt after reporting.
std::optional<policy::Policy> Load(Context& ctx, const std::string& file) {
  auto text = ReadFileCapped(file, policy::kMaxPolicyBytes);
  if (!text) {
    ctx.Fail(text.error());
    return std::nullopt;
  }
  policy::ParseOutcome outcome = policy::ParsePolicy(*text);
  if (!outcome.ok()) {
    for (const auto& d : outcome.errors) ctx.err << policy::FormatDiagnostic(file, d) << "\n";
    ctx.err << outcome.errors.size() << (outcome.errors.size() == 1 ? " error" : " errors")
            << " in " << file << "\n";
    ctx.exit_code = kExitFailure;
    return std::nullopt;
  }
  return std::move(outcome.policy);
}

void Emit(Context& ctx, const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    ctx.out << text;
    return;
  }
  if (auto s = WriteFileAtomic(output, text); !s) ctx.Fail(s.error());
}

}  // namespace

void AddPolicyCommands(CLI::App& app, Context& ctx) {
  CLI::App* policy = app.add_subcommand("policy", "Check a policy file and write its documents");
  policy->require_subcommand(1);
  auto opts = std::make_shared<PolicyOptions>();

  CLI::App* check = policy->add_subcommand("check", "Report every problem in a policy file");
  check->add_option("FILE", opts->file, "Policy file (TOML)")->required();
  check->callback([&ctx, opts] {
    if (auto p = Load(ctx, opts->file)) {
      ctx.out << opts->file << ": ok (" << p->purposes.size() << " purposes, "
              << p->record_types.size() << " record types, " << p->retention.size()
              << " retention rules)\n";
    }
  });

  CLI::App* notice = policy->add_subcommand("notice", "Write the privacy notice");
  notice->add_option("FILE", opts->file, "Policy file (TOML)")->required();
  notice->add_option("--format", opts->format, "html (default) or md")
      ->check(CLI::IsMember({"html", "md"}));
  notice->add_option("-o,--output", opts->output, "Write to this file instead of standard output");
  notice->callback([&ctx, opts] {
    if (auto p = Load(ctx, opts->file)) {
      auto format = opts->format == "md" ? policy::DocFormat::kMarkdown : policy::DocFormat::kHtml;
      Emit(ctx, opts->output, policy::RenderNotice(*p, format));
    }
  });

  CLI::App* ropa = policy->add_subcommand(
      "ropa", "Write the record of processing activities (UK GDPR Art 30)");
  ropa->add_option("FILE", opts->file, "Policy file (TOML)")->required();
  ropa->add_option("--format", opts->format, "md (default) or csv")
      ->check(CLI::IsMember({"csv", "md"}));
  ropa->add_option("-o,--output", opts->output, "Write to this file instead of standard output");
  ropa->callback([&ctx, opts] {
    if (auto p = Load(ctx, opts->file)) {
      auto format = opts->format == "csv" ? policy::DocFormat::kCsv : policy::DocFormat::kMarkdown;
      Emit(ctx, opts->output, policy::RenderRopa(*p, format));
    }
  });
}

}  // namespace casekeep::cli
