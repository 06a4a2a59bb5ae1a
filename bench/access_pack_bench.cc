// access-pack: the access pack of one person with 10,000 records (case notes naming the other
// parent, so the redactor has work) in a data folder of at least 1,000,000 generated records:
// AssembleAccessPack (the draft: every record, consent and audit entry about the person, other
// people's information redacted) and the tar archive written from it, against reading the same
// rows through the records service (ListRecords pages: the access decision, decryption and one
// audit entry a page) without assembling anything. Medians of 3 runs; value and baseline in
// milliseconds. Records in the folder: $CASEKEEP_BENCH_RECORDS (default 1,000,000) or --records N.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bench/bench.h"
#include "records/access_pack.h"
#include "records/data_folder.h"
#include "synth/loader.h"

namespace casekeep::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kBatch = 1000;

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "casekeep-bench access-pack: " << what << "\n";
  std::exit(1);
}

struct Options {
  std::int64_t records = 1'000'000;
  std::int64_t person_records = 10'000;
  int rounds = 3;
};

std::int64_t Number(const std::string& name, const std::string& text) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || v < 1) Fail(name + " needs a positive number");
  return v;
}

Options Parse(const BenchArgs& args) {
  Options o;
  if (const char* env = std::getenv("CASEKEEP_BENCH_RECORDS")) {
    o.records = Number("CASEKEEP_BENCH_RECORDS", env);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (name == "--help" || name == "-h") {
      std::cout << "usage: casekeep-bench access-pack [--records N] [--person-records N] "
                   "[--rounds R]\n";
      std::exit(0);
    }
    if (i + 1 >= args.size()) Fail(name + " needs a value");
    const std::string& value = args[++i];
    if (name == "--records") {
      o.records = Number(name, value);
    } else if (name == "--person-records") {
      o.person_records = Number(name, value);
    } else if (name == "--rounds") {
      o.rounds = static_cast<int>(Number(name, value));
    } else {
      Fail("unknown option '" + name + "'");
    }
  }
  return o;
}

template <class T>
T Must(Result<T> r, const std::string& what) {
  if (!r) Fail(what + ": " + r.error().message);
  return std::move(*r);
}

Measurement AccessPack(const BenchArgs& args) {
  const Options opt = Parse(args);
  const fs::path dir =
      fs::temp_directory_path() / ("casekeep-bench-pack-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const SystemClock clock;
  const std::string policy =
      std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
  records::InitOptions init;
  init.dir = (dir / "data").string();
  init.policy_path = policy;
  if (auto s = records::InitDataFolder(init, clock); !s) Fail(s.error().message);
  auto folder = Must(records::DataFolder::Open(init.dir, clock), "open");
  records::RecordsService& service = folder->records();
  const records::Actor admin;

  // The family: two parents, their child and a social worker in one case; the person is the
  // first parent, and every record about them names the other parent.
  auto c = Must(service.OpenCase(admin, {"supervised_contact", "court", "2024-01-08", {}, {}}),
                "open case");
  auto add = [&](const std::string& kind, nlohmann::json fields, const std::string& role) {
    return Must(service.AddSubject(admin, {kind, std::move(fields), c.code, role}), "add " + kind)
        .code;
  };
  const std::string person =
      add("parent", {{"name", "Alice Marsh"}, {"email", "alice.marsh@example.org"}}, "parent");
  add("parent", {{"name", "Brian Okafor"}, {"phone", "07700 900222"}}, "parent");
  add("child", {{"name", "Cara Marsh"}, {"date_of_birth", "2018-04-01"}}, "child");
  add("professional", {{"name", "Priya Desai"}}, "social_worker");
  auto start = std::chrono::steady_clock::now();
  for (std::int64_t done = 0; done < opt.person_records;) {
    records::RecordsService::Batch batch;
    for (std::int64_t i = 0; i < kBatch && done < opt.person_records; ++i, ++done) {
      batch.records.push_back(
          {"case_note",
           c.code,
           person,
           "2024-06-03",
           {{"note", "Call " + std::to_string(done) +
                         ": Alice said Brian Okafor (07700 900222) was late; Priya Desai "
                         "noted that Cara settled quickly."}}});
    }
    Must(service.AddBatch(admin, batch), "add the person's records");
  }
  const std::int64_t others = std::max<std::int64_t>(0, opt.records - opt.person_records);
  {
    auto generator =
        Must(synth::Generator::Create(folder->policy(), synth::Options{}), "generator");
    auto loaded = Must(synth::LoadFamilies(service, generator, others, kBatch, {}), "load");
    std::cerr << "access-pack: " << opt.person_records << " records about " << person << " and "
              << loaded.records << " generated records in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
  }

  std::size_t rows = 0;
  std::size_t items = 0;
  std::size_t bytes = 0;
  auto read_rows = [&] {
    std::size_t n = 0;
    records::RecordQuery q;
    q.subject_code = person;
    q.limit = kBatch;
    for (;;) {
      std::string last;
      auto page = Must(service.ListRecords(admin, q, &last), "list records");
      n += page.size();
      if (last.empty()) break;
      q.after = last;
    }
    rows = n;
  };
  std::vector<double> archives;  // of each pack, the time spent writing its archive
  auto assemble = [&] {
    auto pack = Must(service.AssembleAccessPack(admin, person, {}), "access pack");
    items = pack.items.size();
    const auto began = std::chrono::steady_clock::now();
    bytes = records::PackArchive(folder->policy(), pack).size();
    archives.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  };
  double baseline = 0;
  double value = 0;
  std::vector<double> packs;
  std::vector<double> reads;
  for (int round = 0; round < opt.rounds; ++round) {
    reads.push_back(MedianSeconds(1, read_rows));
    packs.push_back(MedianSeconds(1, assemble));
  }
  std::sort(reads.begin(), reads.end());
  std::sort(packs.begin(), packs.end());
  std::sort(archives.begin(), archives.end());
  baseline = reads[reads.size() / 2];
  value = packs[packs.size() / 2];
  const double archive = archives[archives.size() / 2];
  std::cerr << "access-pack: " << rows << " rows read in " << baseline << " s; pack of " << items
            << " redaction items, archive " << bytes << " bytes, in " << value
            << " s (target: under 1 s), of which the archive " << archive << " s\n";
  folder.reset();
  fs::remove_all(dir);
  Measurement m;
  m.value = value * 1000;
  m.baseline = baseline * 1000;
  m.unit = "ms";
  m.extra = {{"rows", std::to_string(rows)},
             {"items", std::to_string(items)},
             {"archive_bytes", std::to_string(bytes)},
             {"archive_ms", std::to_string(archive * 1000)},
             {"store_records", std::to_string(others + opt.person_records)},
             {"under_1s", value < 1.0 ? "true" : "false"}};
  return m;
}

const bool registered = RegisterWithArgs(
    "access-pack",
    "the access pack of a person with 10,000 records in a folder of 1,000,000, against reading "
    "the same rows",
    AccessPack);

}  // namespace
}  // namespace casekeep::bench
