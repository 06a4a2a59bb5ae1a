// `casekeep serve`: the HTTP API over a data folder until SIGINT or SIGTERM. Prints the address
// it listens on (with the real port when --listen asked for port 0) as its first line.
#include <csignal>
#include <memory>
#include <string>

#include "accounts/service.h"
#include "api/server.h"
#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct ServeOptions {
  FolderOptions folder;
  std::string listen = "127.0.0.1:8443";
  std::string tls_cert;
  std::string tls_key;
  bool allow_plain_http = false;
  unsigned threads = 0;
};

// "HOST:PORT", "[::1]:PORT".
Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return InvalidArgument("--listen must be HOST:PORT, e.g. 127.0.0.1:8443");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return InvalidArgument("--listen: bad port");
    port = port * 10 + static_cast<unsigned long>(c - '0');
  }
  if (port > 65535) return InvalidArgument("--listen: bad port");
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

void Serve(Context& ctx, const ServeOptions& o) {
  auto listen = ParseListen(o.listen);
  if (!listen) return ctx.Fail(listen.error());
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return ctx.Fail(InvalidArgument("give --tls-cert and --tls-key together").error());
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  accounts::AccountsService accounts(folder->policy(), folder->store(), folder->vault(),
                                     CommandClock());
  api::ServerOptions options;
  options.http.host = listen->first;
  options.http.port = listen->second;
  options.http.tls_cert_file = o.tls_cert;
  options.http.tls_key_file = o.tls_key;
  options.http.io_threads = o.threads;
  options.allow_plain_http = o.allow_plain_http;
  options.http.log = [&ctx](std::string_view line) { ctx.err << "casekeep: " << line << "\n"; };

  // Block the stop signals before any thread starts, so they reach sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = api::ApiServer::Create(*folder, accounts, CommandClock(), options);
  if (!server) return ctx.Fail(server.error());
  if (auto started = (*server)->Start(); !started) return ctx.Fail(started.error());
  const bool tls = !o.tls_cert.empty();
  const std::string host =
      listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
  ctx.out << "casekeep: serving " << folder->policy().organisation.name << " on "
          << (tls ? "https://" : "http://") << host << ":" << (*server)->port() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  ctx.out << "casekeep: stopping" << std::endl;
  (*server)->Stop();
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API (docs/api.md)");
  AddFolderOptions(serve, o->folder);
  serve->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0: any free port)");
  serve->add_option("--tls-cert", o->tls_cert, "PEM certificate chain for HTTPS");
  serve->add_option("--tls-key", o->tls_key, "PEM private key for HTTPS");
  serve->add_flag("--allow-plain-http", o->allow_plain_http,
                  "Allow plain HTTP on a non-loopback address (behind a TLS proxy only)");
  serve->add_option("--threads", o->threads,
                    "I/O threads (default 32: handlers wait for audit commits)");
  serve->callback([&ctx, o] { Serve(ctx, *o); });
}

}  // namespace casekeep::cli
