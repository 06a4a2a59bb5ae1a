// Helpers for the audit tests in this folder (never linked into casekeep): a fixed audit key,
// a chain of N ordinary entries written through AuditLog, and the tools of a forger who can
// write to the database and compute SHA-256 but does not hold the audit key.
// Not thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "audit/chain.h"
#include "audit/test_store.h"
#include "crypto/secret.h"

namespace casekeep::audit::testing {

//! The key 00 01 02 ... 1f, for known-answer tests.
inline crypto::Key CountingKey() {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return std::move(*crypto::Key::FromBytes(bytes));
}

//! A valid event whose fields vary with `i`.
inline AuditEvent SampleEvent(std::int64_t i) {
  AuditEvent event;
  event.actor = "U-" + std::to_string(1000 + i % 7);
  event.action = i % 3 == 0 ? "record.read" : "record.update";
  event.objects = {"C-" + std::to_string(i % 97), "R-" + std::to_string(i)};
  event.purpose = i % 5 == 0 ? "" : "case_work";
  event.outcome = i % 11 == 0 ? "denied" : "ok";
  event.detail = i % 2 == 0 ? "" : "fields=" + std::to_string(i % 9);
  return event;
}

//! Appends `n` sample entries (one transaction each, as a server would) with the given key.
inline void AppendEntries(FakeStore& store, const crypto::Key& key, std::int64_t n,
                          std::int64_t first_micros = 1'700'000'000'000'000) {
  const AuditLog log;
  const std::int64_t start = store.rows.empty() ? 1 : store.rows.rbegin()->first + 1;
  for (std::int64_t i = start; i < start + n; ++i) {
    auto tx = store.Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(log.Append(**tx, key, SampleEvent(i), first_micros + i * 1000));
    ASSERT_TRUE((*tx)->Commit());
  }
}

//! What a forger does after changing an entry: recompute its SHA-256 (but not its MAC).
inline void Rehash(store::AuditRow& row) {
  row.hash = EntryHash(row);
}

//! A forger's rewrite from `from_seq` on: every prev_hash relinked and every hash recomputed,
//! so the chain is consistent again except for the MACs.
inline void RelinkFrom(FakeStore& store, std::int64_t from_seq) {
  Bytes prev =
      store.rows.contains(from_seq - 1) ? store.rows.at(from_seq - 1).hash : Bytes(kHashSize, 0);
  for (auto it = store.rows.lower_bound(from_seq); it != store.rows.end(); ++it) {
    it->second.prev_hash = prev;
    Rehash(it->second);
    prev = it->second.hash;
  }
}

//! A forged entry after the current last one, with a correct SHA-256 and a MAC made with the
//! wrong key.
inline store::AuditRow ForgedNext(const FakeStore& store) {
  store::AuditRow row;
  const store::AuditRow* last = store.rows.empty() ? nullptr : &store.rows.rbegin()->second;
  row.seq = last ? last->seq + 1 : 1;
  row.at_micros = last ? last->at_micros + 1 : 0;
  row.actor = "U-1001";
  row.action = "record.read";
  row.objects = "C-1 R-1";
  row.outcome = "ok";
  row.prev_hash = last ? last->hash : Bytes(kHashSize, 0);
  Rehash(row);
  row.mac = Bytes(kMacSize, 0xab);
  return row;
}

}  // namespace casekeep::audit::testing
