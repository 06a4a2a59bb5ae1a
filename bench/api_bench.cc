// api-read: authorised, audited GETs of records over HTTP against the same server's /healthz,
// with many concurrent keep-alive connections driven by wrk (Debian's package) on loopback.
// The bench makes a temporary data folder with the contact-centre example policy and generated
// data, a staff user with the dpo role and an API token, starts the API server in this process
// on 127.0.0.1, and runs wrk as a child process, alternating a /healthz round and a record round
// (GET /api/v1/records/{code}, bearer token, X-Purpose: safeguarding, cycling over a set of
// codes). Both rounds use the same Lua script and the same headers, so wrk does the same work
// per request; only the path differs. Reported: medians of requests/s and p99 latency, wrk's
// socket errors and non-2xx responses, the maximum latency, the server's open connections in
// mid-round, and the audit entries written (one per record read) with the chain verified after.
//
// The store is SQLite, or PostgreSQL when $CASEKEEP_BENCH_DATABASE is set (bench_folder.h).
//
// Options: --threads N (server I/O threads, default 4), --seconds S (per round, default 10),
// --rounds R (default 3), --connections C (default 1000), --records N (default 2000).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "accounts/service.h"
#include "api/server.h"
#include "audit/verify.h"
#include "bench/bench.h"
#include "bench/bench_folder.h"
#include "http/client.h"
#include "records/data_folder.h"
#include "synth/loader.h"

namespace casekeep::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPurpose = "safeguarding";
constexpr const char* kRecordType = "session_report";
//! How many record codes the record rounds cycle through.
constexpr std::size_t kMaxPaths = 64;
//! wrk counts a request that has no response after this long as a timeout.
constexpr int kWrkTimeoutSeconds = 2;

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "api-read: " << what << "\n";
  std::exit(1);
}

struct Options {
  // The server's own default. Reads wait for their audit entry's group commit, so more
  // threads than cores let more reads share a commit (2: connections starve; 8: 4.1k/s;
  // 32: 4.9k/s record reads on the 2-core machine).
  unsigned threads = api::kDefaultIoThreads;
  int seconds = 10;
  int rounds = 3;
  int connections = 1000;
  std::int64_t records = 2000;
};

constexpr const char* kUsage =
    "usage: casekeep-bench api-read [--threads N] [--seconds S] [--rounds R] "
    "[--connections C] [--records N]\n"
    "  --threads N      the API server's I/O threads (default 32, as casekeep serve)\n"
    "  --seconds S      length of each wrk round (default 10)\n"
    "  --rounds R       healthz/record round pairs; medians are reported (default 3)\n"
    "  --connections C  wrk's concurrent keep-alive connections (default 1000)\n"
    "  --records N      generated records loaded before the run (default 2000)\n";

std::int64_t ParseInt(const std::string& name, const std::string& text, std::int64_t min,
                      std::int64_t max) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    Fail(name + " must be a whole number from " + std::to_string(min) + " to " +
         std::to_string(max));
  }
  return v;
}

Options ParseOptions(const BenchArgs& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "--help" || name == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (!value) {
      if (i + 1 >= args.size()) Fail(name + " needs a value\n" + kUsage);
      value = args[++i];
    }
    if (name == "--threads") {
      o.threads = static_cast<unsigned>(ParseInt(name, *value, 1, 64));
    } else if (name == "--seconds") {
      o.seconds = static_cast<int>(ParseInt(name, *value, 1, 3600));
    } else if (name == "--rounds") {
      o.rounds = static_cast<int>(ParseInt(name, *value, 1, 100));
    } else if (name == "--connections") {
      o.connections = static_cast<int>(ParseInt(name, *value, 2, 20000));
    } else if (name == "--records") {
      o.records = ParseInt(name, *value, 100, 10'000'000);
    } else {
      Fail("unknown option '" + name + "'\n" + kUsage);
    }
  }
  return o;
}

//! Raises the soft limit on open files to at least `needed` (the hard limit allowing), so the
//! server's sockets fit, and so do wrk's: the child inherits the limit.
void RaiseFileLimit(rlim_t needed) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) Fail("getrlimit failed");
  if (lim.rlim_cur >= needed) return;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed) {
    Fail("the hard limit on open files (" + std::to_string(lim.rlim_max) + ") is below the " +
         std::to_string(needed) + " needed; raise it (ulimit -Hn) or use fewer --connections");
  }
  lim.rlim_cur = needed;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) Fail("setrlimit(RLIMIT_NOFILE) failed");
  std::cerr << "api-read: raised the open-file limit to " << needed << "\n";
}

// wrk's output ------------------------------------------------------------------------------

struct WrkResult {
  double rps = 0;
  std::int64_t requests = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::int64_t connect_errors = 0, read_errors = 0, write_errors = 0, timeouts = 0;
  std::int64_t non_2xx = 0;                   //!< wrk's "Non-2xx or 3xx responses"
  std::int64_t server_connections_open = -1;  //!< sampled from /metrics half-way; -1: unknown
};

//! wrk's times ("812.00us", "3.21ms", "1.02s", "2.00m") in milliseconds; -1 if unreadable.
double ParseWrkTime(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc()) return -1;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (unit == "us") return v / 1000;
  if (unit == "ms") return v;
  if (unit == "s") return v * 1000;
  if (unit == "m") return v * 60'000;
  if (unit == "h") return v * 3'600'000;
  return -1;
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

//! The number after `key` in `line` ("connect 0," -> 0), or 0.
std::int64_t NumberAfter(const std::string& line, const std::string& key) {
  auto at = line.find(key);
  if (at == std::string::npos) return 0;
  return std::atoll(line.c_str() + at + key.size());
}

WrkResult ParseWrk(const std::string& out) {
  WrkResult r;
  bool have_rps = false, have_p99 = false, in_distribution = false;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto w = Words(line);
    if (w.empty()) continue;
    if (w[0] == "Latency" && w.size() >= 4 && !in_distribution) {
      r.max_ms = ParseWrkTime(w[3]);  // Thread Stats: Avg Stdev Max +/-Stdev
    } else if (w[0] == "Latency" && w.size() >= 2 && w[1] == "Distribution") {
      in_distribution = true;
    } else if (in_distribution && w.size() == 2 && w[0] == "50%") {
      r.p50_ms = ParseWrkTime(w[1]);
    } else if (in_distribution && w.size() == 2 && w[0] == "99%") {
      r.p99_ms = ParseWrkTime(w[1]);
      have_p99 = r.p99_ms >= 0;
    } else if (w.size() >= 2 && w[1] == "requests") {
      r.requests = std::atoll(w[0].c_str());
    } else if (w[0] == "Socket" && w.size() >= 2 && w[1] == "errors:") {
      r.connect_errors = NumberAfter(line, "connect ");
      r.read_errors = NumberAfter(line, "read ");
      r.write_errors = NumberAfter(line, "write ");
      r.timeouts = NumberAfter(line, "timeout ");
    } else if (w[0] == "Non-2xx") {
      r.non_2xx = std::atoll(w.back().c_str());
    } else if (w[0] == "Requests/sec:" && w.size() >= 2) {
      r.rps = std::atof(w[1].c_str());
      have_rps = true;
    }
  }
  if (!have_rps || !have_p99) Fail("could not read wrk's output:\n" + out);
  return r;
}

// The server's own count of open connections, read from /metrics.
std::int64_t ServerConnectionsOpen(std::uint16_t port) {
  http::Client client("127.0.0.1", port);
  auto r = client.Get("/metrics");
  if (!r || r->status != 200) return -1;
  const std::string key = "\ncasekeep_http_connections_open ";  // the sample, not # HELP
  auto at = r->body.find(key);
  if (at == std::string::npos) return -1;
  return std::atoll(r->body.c_str() + at + key.size());
}

//! Waits until the server holds no connection but the asking one: requests a round left
//! queued when wrk stopped are still being served (and audited), and must not slow the next
//! round. Returns the seconds waited.
double Settle(std::uint16_t port) {
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  while (ServerConnectionsOpen(port) > 1) {
    if (seconds() > 120) Fail("the server still holds connections 120 s after a round");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return seconds();
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

//! A Lua script for wrk that sends GET requests cycling through `paths`; each wrk thread starts
//! at a different place in the list. wrk.format adds the headers given with -H.
void WriteScript(const fs::path& file, const std::vector<std::string>& paths) {
  std::ofstream out(file);
  out << "-- written by casekeep-bench api-read\nlocal paths = {\n";
  for (const auto& p : paths) out << "  \"" << p << "\",\n";
  out << "}\n"
         "local threads = 0\n"
         "function setup(thread)\n"
         "  thread:set(\"first\", threads * 17)\n"
         "  threads = threads + 1\n"
         "end\n"
         "local i = 0\n"
         "function init(args)\n"
         "  i = first or 0\n"
         "end\n"
         "function request()\n"
         "  i = i % #paths + 1\n"
         "  return wrk.format(nil, paths[i])\n"
         "end\n";
  if (!out) Fail("cannot write " + file.string());
}

struct WrkRun {
  std::string script;
  std::string token;
  std::uint16_t port = 0;
  int connections = 0;
  int seconds = 0;
};

WrkResult RunWrk(const WrkRun& run) {
  const std::string cmd =
      "exec wrk -t2 -c" + std::to_string(run.connections) + " -d" + std::to_string(run.seconds) +
      "s --timeout " + std::to_string(kWrkTimeoutSeconds) + "s --latency -s " +
      ShellQuote(run.script) + " -H " + ShellQuote("Authorization: Bearer " + run.token) + " -H " +
      ShellQuote(std::string("X-Purpose: ") + kPurpose) +
      " http://127.0.0.1:" + std::to_string(run.port) + "/ 2>&1";
  // Half-way through, ask the server how many connections it holds open.
  std::atomic<std::int64_t> open{-1};
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread sampler([&] {
    std::unique_lock lock(mu);
    if (cv.wait_for(lock, std::chrono::milliseconds(run.seconds * 500), [&] { return done; })) {
      return;
    }
    lock.unlock();
    open = ServerConnectionsOpen(run.port);
  });
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) Fail("cannot start wrk (is it installed? scripts/setup installs it)");
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = ::pclose(pipe);
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  sampler.join();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    Fail("wrk is not installed; scripts/setup installs it");
  }
  if (status != 0) Fail("wrk failed (status " + std::to_string(status) + "):\n" + out);
  WrkResult r = ParseWrk(out);
  r.server_connections_open = open;
  return r;
}

// Medians -----------------------------------------------------------------------------------

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <typename F>
double MedianOf(const std::vector<WrkResult>& rs, F f) {
  std::vector<double> v;
  for (const auto& r : rs) v.push_back(f(r));
  return Median(v);
}

struct Totals {
  std::int64_t requests = 0, connect = 0, read = 0, write = 0, timeouts = 0, non_2xx = 0;
  double max_ms = 0;
  std::int64_t min_open = -1;  //!< the fewest open connections seen at a mid-round sample
};

Totals Sum(const std::vector<WrkResult>& rs) {
  Totals t;
  for (const auto& r : rs) {
    t.requests += r.requests;
    t.connect += r.connect_errors;
    t.read += r.read_errors;
    t.write += r.write_errors;
    t.timeouts += r.timeouts;
    t.non_2xx += r.non_2xx;
    t.max_ms = std::max(t.max_ms, r.max_ms);
    if (r.server_connections_open >= 0) {
      t.min_open = t.min_open < 0 ? r.server_connections_open
                                  : std::min(t.min_open, r.server_connections_open);
    }
  }
  return t;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::int64_t AuditEntries(records::DataFolder& folder, bool* ok, std::string* problem) {
  auto report = audit::Verify(folder.store(), &folder.vault().audit_key(), std::nullopt, {});
  if (!report) Fail("audit verify: " + report.error().message);
  *ok = report->ok;
  *problem = report->problem;
  return report->entries;
}

// The benchmark ------------------------------------------------------------------------------

Measurement ApiRead(const BenchArgs& args) {
  const Options opt = ParseOptions(args);
  RaiseFileLimit(static_cast<rlim_t>(opt.connections) * 2 + 512);

  const fs::path dir =
      fs::temp_directory_path() / ("casekeep-bench-api-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const SystemClock clock;
  const std::string policy =
      std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
  const std::string data = (dir / "data").string();
  if (auto s = records::InitDataFolder(BenchFolderOptions(data, policy, "api_read"), clock);
      !s) {
    Fail(s.error().message);
  }
  auto opened = records::DataFolder::Open(data, clock);
  if (!opened) Fail(opened.error().message);
  std::unique_ptr<records::DataFolder> folder = std::move(*opened);

  {
    auto generator = synth::Generator::Create(folder->policy(), synth::Options{});
    if (!generator) Fail(generator.error().message);
    auto loaded = synth::LoadFamilies(folder->records(), *generator, opt.records, 1000, {});
    if (!loaded) Fail(loaded.error().message);
    std::cerr << "api-read: loaded " << loaded->records << " records, " << loaded->subjects
              << " people, " << loaded->cases << " cases\n";
  }

  auto accounts = std::make_unique<accounts::AccountsService>(folder->policy(), folder->store(),
                                                              folder->vault(), clock);
  if (auto u = accounts->AddUser(
          "local-admin",
          accounts::NewUser{"bench-dpo", "Bench DPO", "", {"dpo"}, "correct horse bench"});
      !u) {
    Fail("add user: " + u.error().message);
  }
  // The dpo role needs a second factor to log in; an API token is a credential of its own.
  auto token = accounts->CreateToken("local-admin", "bench-dpo", "api-read bench", {"dpo"});
  if (!token) Fail("create token: " + token.error().message);

  api::ServerOptions server_options;
  server_options.http.host = "127.0.0.1";
  server_options.http.port = 0;
  server_options.http.io_threads = opt.threads;
  auto created = api::ApiServer::Create(*folder, *accounts, clock, server_options);
  if (!created) Fail("server: " + created.error().message);
  std::unique_ptr<api::ApiServer> server = std::move(*created);
  if (auto s = server->Start(); !s) Fail("server start: " + s.error().message);
  const std::uint16_t port = server->port();

  // Records of a type the dpo may read for the purpose, each checked with one GET.
  http::Headers headers;
  headers.Set("Authorization", "Bearer " + token->secret);
  headers.Set("X-Purpose", kPurpose);
  std::vector<std::string> paths;
  {
    http::Client client("127.0.0.1", port);
    auto health = client.Get("/healthz");
    if (!health || health->status != 200) Fail("GET /healthz did not answer 200");
    auto list = client.Send(
        "GET",
        "/api/v1/records?type=" + std::string(kRecordType) + "&limit=" + std::to_string(kMaxPaths),
        headers);
    if (!list || list->status != 200) {
      Fail("listing records failed: " + (list ? list->body : list.error().message));
    }
    const auto items = nlohmann::json::parse(list->body).at("items");
    for (const auto& item : items) {
      const std::string path = "/api/v1/records/" + item.at("code").get<std::string>();
      auto one = client.Send("GET", path, headers);
      if (!one) Fail("GET " + path + ": " + one.error().message);
      if (one->status == 200) {
        paths.push_back(path);
      } else {
        std::cerr << "api-read: GET " << path << " answered " << one->status << "; left out\n";
      }
    }
  }
  if (paths.empty()) Fail("no " + std::string(kRecordType) + " record answered 200");
  std::cerr << "api-read: " << paths.size() << " " << kRecordType << " records, each read once "
            << "with 200; server on 127.0.0.1:" << port << " with " << opt.threads
            << " I/O threads\n";

  const fs::path health_script = dir / "healthz.lua";
  const fs::path record_script = dir / "records.lua";
  WriteScript(health_script, {"/healthz"});
  WriteScript(record_script, paths);

  bool chain_ok = false;
  std::string problem;
  const std::int64_t audit_before = AuditEntries(*folder, &chain_ok, &problem);
  if (!chain_ok) Fail("the audit chain does not verify before the run: " + problem);

  std::vector<WrkResult> health, record;
  double settled = 0;  // the longest wait for the server to finish a round's leftovers
  for (int round = 1; round <= opt.rounds; ++round) {
    WrkRun run{health_script.string(), token->secret, port, opt.connections, opt.seconds};
    settled = std::max(settled, Settle(port));
    health.push_back(RunWrk(run));
    run.script = record_script.string();
    settled = std::max(settled, Settle(port));
    record.push_back(RunWrk(run));
    const auto& h = health.back();
    const auto& r = record.back();
    std::cerr << "api-read: round " << round << ": healthz " << Fixed(h.rps, 0) << " req/s (p99 "
              << Fixed(h.p99_ms, 2) << " ms, max " << Fixed(h.max_ms, 1) << " ms), record "
              << Fixed(r.rps, 0) << " req/s (p99 " << Fixed(r.p99_ms, 2) << " ms, max "
              << Fixed(r.max_ms, 1) << " ms), ratio " << Fixed(h.rps > 0 ? r.rps / h.rps : 0, 3)
              << "\n";
  }

  settled = std::max(settled, Settle(port));
  server->Stop();
  server.reset();
  const std::int64_t audit_after = AuditEntries(*folder, &chain_ok, &problem);
  const std::int64_t audited = audit_after - audit_before;
  accounts.reset();
  DropBenchStore(*folder);
  folder.reset();
  fs::remove_all(dir);

  const double health_rps = MedianOf(health, [](const WrkResult& r) { return r.rps; });
  const double record_rps = MedianOf(record, [](const WrkResult& r) { return r.rps; });
  const double health_p99 = MedianOf(health, [](const WrkResult& r) { return r.p99_ms; });
  const double record_p99 = MedianOf(record, [](const WrkResult& r) { return r.p99_ms; });
  const Totals ht = Sum(health);
  const Totals rt = Sum(record);
  const double ratio = health_rps > 0 ? record_rps / health_rps : 0;
  const std::int64_t socket_errors =
      ht.connect + ht.read + ht.write + ht.timeouts + rt.connect + rt.read + rt.write + rt.timeouts;
  const bool starved = ht.timeouts + rt.timeouts + ht.connect + rt.connect > 0 ||
                       ht.non_2xx + rt.non_2xx > 0 ||
                       std::max(ht.max_ms, rt.max_ms) >= kWrkTimeoutSeconds * 1000.0;

  std::printf(
      "api-read: %d rounds of %d s each, wrk -t2 -c%d on loopback, server with %u I/O threads "
      "(wrk and the server share this machine's %u cores), store %s\n",
      opt.rounds, opt.seconds, opt.connections, opt.threads, std::thread::hardware_concurrency(),
      BenchBackend().c_str());
  std::printf("  /healthz             %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   max %7.1f ms\n",
              health_rps, MedianOf(health, [](const WrkResult& r) { return r.p50_ms; }), health_p99,
              ht.max_ms);
  std::printf("  GET record (audited) %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   max %7.1f ms\n",
              record_rps, MedianOf(record, [](const WrkResult& r) { return r.p50_ms; }), record_p99,
              rt.max_ms);
  if (ht.timeouts + rt.timeouts > 0) {
    std::printf(
        "  (wrk leaves the %lld requests it timed out out of its latencies: the p99s and maxima "
        "of those rounds are lower bounds)\n",
        static_cast<long long>(ht.timeouts + rt.timeouts));
  }
  std::printf("  ratio record/healthz %.3f (target at least 0.5)%s\n", ratio,
              ratio >= 0.5 ? "" : "  BELOW TARGET");
  std::printf(
      "  wrk socket errors: connect %lld, read %lld, write %lld, timeout (no answer within %d s) "
      "%lld; non-2xx responses %lld\n",
      static_cast<long long>(ht.connect + rt.connect), static_cast<long long>(ht.read + rt.read),
      static_cast<long long>(ht.write + rt.write), kWrkTimeoutSeconds,
      static_cast<long long>(ht.timeouts + rt.timeouts),
      static_cast<long long>(ht.non_2xx + rt.non_2xx));
  std::printf(
      "  the server's open connections, sampled from /metrics in mid-round (the sampling one "
      "included), fewest seen: %lld in /healthz rounds, %lld in record rounds, for wrk's %d\n",
      static_cast<long long>(ht.min_open), static_cast<long long>(rt.min_open), opt.connections);
  if (!starved) {
    std::printf(
        "  no connection starved: yes (all %d connected, every request was answered 2xx and "
        "none waited %d s for an answer, which wrk would count as a timeout; worst latency "
        "%.1f ms)\n",
        opt.connections, kWrkTimeoutSeconds, std::max(ht.max_ms, rt.max_ms));
  } else {
    std::printf(
        "  no connection starved: NO (connect errors, non-2xx answers, or requests that waited "
        "over %d s for an answer: wrk counts those as timeouts and leaves them out of its "
        "latencies, so the true worst wait is above the max shown)\n",
        kWrkTimeoutSeconds);
  }
  std::printf(
      "  audit: %lld entries written during the record rounds, for %lld record GETs wrk counted "
      "(requests still queued when wrk stops are served and audited but not counted; the "
      "server took up to %.1f s after a round to finish them); chain %s\n",
      static_cast<long long>(audited), static_cast<long long>(rt.requests), settled,
      chain_ok ? "verifies" : ("BROKEN: " + problem).c_str());
  std::fflush(stdout);
  if (!chain_ok) Fail("the audit chain does not verify after the run: " + problem);

  Measurement m{record_rps, health_rps, "requests/s", {}};
  m.extra = {
      {"healthz_rps", Fixed(health_rps, 1)},
      {"record_rps", Fixed(record_rps, 1)},
      {"healthz_p99_ms", Fixed(health_p99, 2)},
      {"record_p99_ms", Fixed(record_p99, 2)},
      {"max_latency_ms", Fixed(std::max(ht.max_ms, rt.max_ms), 1)},
      {"connections", std::to_string(opt.connections)},
      {"io_threads", std::to_string(opt.threads)},
      {"socket_errors", std::to_string(socket_errors)},
      {"timeouts", std::to_string(ht.timeouts + rt.timeouts)},
      {"non_2xx", std::to_string(ht.non_2xx + rt.non_2xx)},
      {"starved", starved ? "true" : "false"},
      {"record_requests", std::to_string(rt.requests)},
      {"audit_entries", std::to_string(audited)},
      {"audit_ok", chain_ok ? "true" : "false"},
      {"backend", "\"" + BenchBackend() + "\""},
  };
  return m;
}

const bool registered = RegisterWithArgs(
    "api-read",
    "audited record GETs over HTTP vs the same server's /healthz, 1,000 keep-alive connections "
    "(wrk)",
    ApiRead);

}  // namespace
}  // namespace casekeep::bench
