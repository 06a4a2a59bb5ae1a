// Tests for the chain's hash input, hash, MAC and append path, including known answers that
// were computed independently with Python's hashlib and hmac from docs/audit-format.md.
#include "audit/chain.h"

#include <gtest/gtest.h>

#include <string>

#include "audit/test_chain.h"
#include "crypto/bytes.h"

namespace casekeep::audit {
namespace {

using testing::CountingKey;
using testing::FakeStore;

// The two entries of docs/audit-format.md, "Worked example".
store::AuditRow ExampleEntry1() {
  store::AuditRow row;
  row.seq = 1;
  row.at_micros = 1'700'000'000'123'456;
  row.actor = "U-4F7Q2ZP";
  row.action = "record.read";
  row.objects = "C-8H2K5WX R-3N9P6TD";
  row.purpose = "case_work";
  row.outcome = "ok";
  row.detail = "fields=3";
  row.prev_hash = Bytes(kHashSize, 0);
  return row;
}

store::AuditRow ExampleEntry2() {
  store::AuditRow row;
  row.seq = 2;
  row.at_micros = 1'700'000'001'000'000;
  row.actor = "local-admin";
  row.action = "subject.erase";
  row.objects = "S-7K3M9Q4";
  row.outcome = "denied";
  row.detail = "reason=legal_hold";
  row.prev_hash = EntryHash(ExampleEntry1());
  return row;
}

constexpr char kEntry1Encoding[] =
    "00000011636173656b6565702d61756469742d7631"      // tag
    "000000080000000000000001"                        // seq
    "0000000800060a2418202240"                        // at_micros
    "00000009552d34463751325a50"                      // actor
    "0000000b7265636f72642e72656164"                  // action
    "00000013432d3848324b35575820522d334e3950365444"  // objects
    "00000009636173655f776f726b"                      // purpose
    "000000026f6b"                                    // outcome
    "000000086669656c64733d33"                        // detail
    "00000020"
    "0000000000000000000000000000000000000000000000000000000000000000";  // prev_hash
constexpr char kEntry1Hash[] = "d6d4806e775bfb4a819b72686052aadc833ec455db485af2bc5cd53c26bdef8b";
constexpr char kEntry2Hash[] = "1b8b2ceca5c58b7e5f98087749b96fb7613a4ddc7b1963d6430b317ca1c06881";
constexpr char kEntry1Mac[] = "9ca5088f42b32985bdc336770ecc61ddbc0cb40e038ec97506ec295ba01877a3";
constexpr char kEntry2Mac[] = "7ca85f3ceb7809d7cb273d40686603653835b7c70a5c8d489fe0885212443de2";

TEST(ChainTest, EncodingIsTheDocumentedBytes) {
  EXPECT_EQ(crypto::ToHex(EncodeEntry(ExampleEntry1())), kEntry1Encoding);
}

TEST(ChainTest, HashesMatchKnownAnswers) {
  EXPECT_EQ(crypto::ToHex(EntryHash(ExampleEntry1())), kEntry1Hash);
  EXPECT_EQ(crypto::ToHex(EntryHash(ExampleEntry2())), kEntry2Hash);
}

TEST(ChainTest, MacsMatchKnownAnswers) {
  const crypto::Key key = CountingKey();
  auto mac1 = EntryMac(key, EntryHash(ExampleEntry1()));
  auto mac2 = EntryMac(key, EntryHash(ExampleEntry2()));
  ASSERT_TRUE(mac1 && mac2);
  EXPECT_EQ(crypto::ToHex(*mac1), kEntry1Mac);
  EXPECT_EQ(crypto::ToHex(*mac2), kEntry2Mac);
}

TEST(ChainTest, HashIgnoresStoredHashAndMac) {
  store::AuditRow row = ExampleEntry1();
  row.hash = Bytes(kHashSize, 7);
  row.mac = Bytes(kMacSize, 9);
  EXPECT_EQ(crypto::ToHex(EntryHash(row)), kEntry1Hash);
}

TEST(ChainTest, FieldBoundariesAreUnambiguous) {
  store::AuditRow a = ExampleEntry1();
  store::AuditRow b = ExampleEntry1();
  a.actor = "U-1";
  a.action = "2x";
  b.actor = "U-12";
  b.action = "x";
  EXPECT_NE(EntryHash(a), EntryHash(b));
  a = ExampleEntry1();
  b = ExampleEntry1();
  a.purpose = "";
  a.outcome = "okok";
  b.purpose = "ok";
  b.outcome = "ok";
  EXPECT_NE(EntryHash(a), EntryHash(b));
}

TEST(ChainTest, HasherReusesItsBufferAndAgreesWithEntryHash) {
  EntryHasher hasher;
  std::array<std::uint8_t, kHashSize> out{};
  store::AuditRow big = ExampleEntry1();
  big.detail = std::string(900, 'x');
  for (const store::AuditRow& row : {big, ExampleEntry1(), ExampleEntry2(), big}) {
    hasher.Hash(row, out);
    EXPECT_EQ(Bytes(out.begin(), out.end()), EntryHash(row));
  }
}

TEST(ChainTest, MacerAgreesWithEntryMacAndChecks) {
  const crypto::Key key = CountingKey();
  auto macer = EntryMacer::Create(key);
  ASSERT_TRUE(macer);
  const Bytes hash = EntryHash(ExampleEntry1());
  std::array<std::uint8_t, kMacSize> mac{};
  macer->Mac(std::span<const std::uint8_t, kHashSize>(hash.data(), kHashSize), mac);
  EXPECT_EQ(crypto::ToHex(mac), kEntry1Mac);
  EXPECT_TRUE(macer->Check(hash, mac));
  mac[5] ^= 1;
  EXPECT_FALSE(macer->Check(hash, mac));
  EXPECT_FALSE(macer->Check(hash, Bytes{}));
  EXPECT_FALSE(macer->Check(Bytes(5, 0), Bytes(kMacSize, 0)));
}

TEST(ChainTest, MacNeedsAKeyAndAWholeHash) {
  auto no_key = EntryMac(crypto::Key(), Bytes(kHashSize, 0));
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, ErrorCode::kInvalidArgument);
  auto short_hash = EntryMac(CountingKey(), Bytes(31, 0));
  ASSERT_FALSE(short_hash);
  EXPECT_EQ(short_hash.error().code, ErrorCode::kInvalidArgument);
}

TEST(ChainTest, AppendLinksEntries) {
  FakeStore store;
  const crypto::Key key = CountingKey();
  testing::AppendEntries(store, key, 3);
  ASSERT_EQ(store.rows.size(), 3u);
  EXPECT_EQ(store.rows.at(1).prev_hash, Bytes(kHashSize, 0));
  for (std::int64_t seq = 1; seq <= 3; ++seq) {
    const store::AuditRow& row = store.rows.at(seq);
    EXPECT_EQ(row.seq, seq);
    EXPECT_EQ(row.hash, EntryHash(row));
    EXPECT_EQ(row.mac, *EntryMac(key, row.hash));
    if (seq > 1) {
      EXPECT_EQ(row.prev_hash, store.rows.at(seq - 1).hash);
    }
  }
  EXPECT_EQ(store.rows.at(2).objects, "C-2 R-2");
}

TEST(ChainTest, AppendSeesEarlierAppendsInTheSameTransaction) {
  FakeStore store;
  const crypto::Key key = CountingKey();
  const AuditLog log;
  auto tx = store.Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE(log.Append(**tx, key, testing::SampleEvent(1), 10));
  ASSERT_TRUE(log.Append(**tx, key, testing::SampleEvent(2), 20));
  ASSERT_TRUE((*tx)->Commit());
  ASSERT_EQ(store.rows.size(), 2u);
  EXPECT_EQ(store.rows.at(2).prev_hash, store.rows.at(1).hash);
  EXPECT_EQ(store.rows.at(2).at_micros, 20);
}

TEST(ChainTest, AppendRefusesEmptyKeyAndMalformedLastEntry) {
  FakeStore store;
  const AuditLog log;
  auto tx = store.Begin();
  ASSERT_TRUE(tx);
  auto no_key = log.Append(**tx, crypto::Key(), testing::SampleEvent(1), 1);
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, ErrorCode::kInvalidArgument);

  testing::AppendEntries(store, CountingKey(), 2);
  store.rows.at(2).hash.resize(5);
  auto tx2 = store.Begin();
  ASSERT_TRUE(tx2);
  auto malformed = log.Append(**tx2, CountingKey(), testing::SampleEvent(3), 1);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kDataLoss);
  EXPECT_EQ(store.rows.size(), 2u);
}

}  // namespace
}  // namespace casekeep::audit
