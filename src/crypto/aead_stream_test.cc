// Tests for chunked stream sealing: round trips at chunk boundaries, and kDataLoss for
// truncation, reordering, splicing, tampering and wrong key or associated data.
#include "crypto/aead_stream.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = RandomKey();
    ASSERT_TRUE(key);
    key_ = std::move(*key);
  }
  Bytes Plain(std::size_t size) {
    auto bytes = RandomBytes(size);
    EXPECT_TRUE(bytes);
    return bytes ? *bytes : Bytes();
  }
  Key key_;
  const std::string ad_ = "attachment:A-1:case:C-0000000B";
};

constexpr std::size_t kFull = kStreamChunkSize + kStreamChunkOverhead;

void ExpectDataLoss(const Result<Bytes>& result, const std::string& what) {
  ASSERT_FALSE(result) << what << ": opened when it should not";
  EXPECT_EQ(result.error().code, ErrorCode::kDataLoss) << what << ": " << result.error().message;
}

TEST_F(StreamTest, RoundTripsAtChunkBoundaries) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kStreamChunkSize - 1, kStreamChunkSize,
                           kStreamChunkSize + 1, 3 * kStreamChunkSize, 3 * kStreamChunkSize + 5}) {
    const Bytes plain = Plain(size);
    auto sealed = SealStream(key_, plain, AsBytes(ad_));
    ASSERT_TRUE(sealed) << size;
    EXPECT_EQ(sealed->size(), SealedStreamSize(size)) << size;
    EXPECT_EQ((*sealed)[0], kStreamVersion);
    auto opened = OpenStream(key_, *sealed, AsBytes(ad_));
    ASSERT_TRUE(opened) << size << ": " << opened.error().message;
    EXPECT_EQ(*opened, plain) << size;
  }
}

TEST_F(StreamTest, TruncationIsDetected) {
  const Bytes plain = Plain(2 * kStreamChunkSize + 100);
  auto sealed = SealStream(key_, plain, AsBytes(ad_));
  ASSERT_TRUE(sealed);
  // Dropping the whole final chunk leaves a stream that authenticates chunk by chunk.
  const auto kept = static_cast<std::ptrdiff_t>(kStreamHeaderSize + 2 * kFull);
  const Bytes without_final(sealed->begin(), sealed->begin() + kept);
  auto result = OpenStream(key_, without_final, AsBytes(ad_));
  ASSERT_FALSE(result) << "final chunk dropped, yet the stream opened";
  EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
  EXPECT_NE(result.error().message.find("truncated"), std::string::npos);
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, kStreamHeaderSize,
                          kStreamHeaderSize + kFull, sealed->size() - 1}) {
    const Bytes shorter(sealed->begin(), sealed->begin() + static_cast<std::ptrdiff_t>(cut));
    ExpectDataLoss(OpenStream(key_, shorter, AsBytes(ad_)), "cut at " + std::to_string(cut));
  }
}

TEST_F(StreamTest, IncrementalOpenerReportsMissingFinal) {
  auto sealer = StreamSealer::Start(key_, AsBytes(ad_));
  ASSERT_TRUE(sealer);
  const Bytes chunk = Plain(kStreamChunkSize);
  auto c1 = sealer->Push(chunk);
  ASSERT_TRUE(c1);
  auto opener = StreamOpener::Start(key_, sealer->header(), AsBytes(ad_));
  ASSERT_TRUE(opener);
  auto p1 = opener->Pull(*c1);
  ASSERT_TRUE(p1);
  EXPECT_EQ(*p1, chunk);
  EXPECT_FALSE(opener->finished());
  auto status = opener->Finish();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kDataLoss);
}

TEST_F(StreamTest, ReorderedAndSplicedChunksAreDataLoss) {
  const Bytes plain = Plain(3 * kStreamChunkSize);
  auto sealed = SealStream(key_, plain, AsBytes(ad_));
  auto other = SealStream(key_, plain, AsBytes(ad_));
  ASSERT_TRUE(sealed && other);
  Bytes swapped = *sealed;
  std::swap_ranges(swapped.begin() + kStreamHeaderSize,
                   swapped.begin() + kStreamHeaderSize + kFull,
                   swapped.begin() + kStreamHeaderSize + kFull);
  ExpectDataLoss(OpenStream(key_, swapped, AsBytes(ad_)), "swapped chunks");
  Bytes spliced = *sealed;
  std::copy(other->begin() + kStreamHeaderSize + kFull,
            other->begin() + kStreamHeaderSize + 2 * kFull,
            spliced.begin() + kStreamHeaderSize + kFull);
  ExpectDataLoss(OpenStream(key_, spliced, AsBytes(ad_)), "chunk from another stream");
}

TEST_F(StreamTest, TamperingWrongKeyAndAssociatedDataAreDataLoss) {
  const Bytes plain = Plain(kStreamChunkSize + 10);
  auto sealed = SealStream(key_, plain, AsBytes(ad_));
  ASSERT_TRUE(sealed);
  for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{24}, kStreamHeaderSize,
                        kStreamHeaderSize + 500, kStreamHeaderSize + kFull - 1,
                        kStreamHeaderSize + kFull, sealed->size() - 1}) {
    Bytes tampered = *sealed;
    tampered[i] ^= 0x20;
    ExpectDataLoss(OpenStream(key_, tampered, AsBytes(ad_)), "byte " + std::to_string(i));
  }
  auto other_key = RandomKey();
  ASSERT_TRUE(other_key);
  ExpectDataLoss(OpenStream(*other_key, *sealed, AsBytes(ad_)), "wrong key");
  ExpectDataLoss(OpenStream(key_, *sealed, AsBytes("attachment:A-2:case:C-0000000B")),
                 "wrong associated data");
  Bytes longer = *sealed;
  longer.push_back(0);
  ExpectDataLoss(OpenStream(key_, longer, AsBytes(ad_)), "data after final chunk");
}

TEST_F(StreamTest, SealerEnforcesChunkSizesAndOrder) {
  auto sealer = StreamSealer::Start(key_, AsBytes(ad_));
  ASSERT_TRUE(sealer);
  auto small = sealer->Push(Plain(10));
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code, ErrorCode::kInvalidArgument);
  auto too_big = sealer->Finish(Plain(kStreamChunkSize + 1));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(sealer->Finish(Plain(5)));
  auto after = sealer->Push(Plain(kStreamChunkSize));
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(StreamSealer::Start(Key(), AsBytes(ad_)));
}

// A reader written from docs/keys.md alone, with libsodium's raw secretstream calls.
TEST_F(StreamTest, FormatMatchesDocumentation) {
  const Bytes plain = Plain(kStreamChunkSize + 3);
  auto sealed = SealStream(key_, plain, AsBytes(ad_));
  ASSERT_TRUE(sealed);
  Bytes full_ad = {0x02};
  full_ad.insert(full_ad.end(), ad_.begin(), ad_.end());
  crypto_secretstream_xchacha20poly1305_state state;
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_init_pull(&state, sealed->data() + 1,
                                                            key_.data()),
            0);
  Bytes out(kStreamChunkSize);
  unsigned char tag = 0xff;
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_pull(&state, out.data(), nullptr, &tag,
                                                       sealed->data() + kStreamHeaderSize, kFull,
                                                       full_ad.data(), full_ad.size()),
            0);
  EXPECT_EQ(tag, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  Bytes last(3);
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_pull(
                &state, last.data(), nullptr, &tag, sealed->data() + kStreamHeaderSize + kFull,
                3 + kStreamChunkOverhead, full_ad.data(), full_ad.size()),
            0);
  EXPECT_EQ(tag, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  out.insert(out.end(), last.begin(), last.end());
  EXPECT_EQ(out, plain);
}

// A stream made by another writer that ends a non-final chunk early is rejected: the fixed
// layout is what lets a reader find chunk boundaries.
TEST_F(StreamTest, ShortNonFinalChunkIsDataLoss) {
  Bytes header(kStreamHeaderSize);
  header[0] = kStreamVersion;
  crypto_secretstream_xchacha20poly1305_state state;
  crypto_secretstream_xchacha20poly1305_init_push(&state, header.data() + 1, key_.data());
  Bytes full_ad = {kStreamVersion};
  full_ad.insert(full_ad.end(), ad_.begin(), ad_.end());
  const Bytes plain(10, 0x41);
  Bytes chunk(plain.size() + kStreamChunkOverhead);
  crypto_secretstream_xchacha20poly1305_push(&state, chunk.data(), nullptr, plain.data(),
                                             plain.size(), full_ad.data(), full_ad.size(),
                                             crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  auto opener = StreamOpener::Start(key_, header, AsBytes(ad_));
  ASSERT_TRUE(opener);
  ExpectDataLoss(opener->Pull(chunk), "short non-final chunk");
}

TEST_F(StreamTest, GarbageHeaderIsDataLoss) {
  const Bytes short_header(5, 0x02);
  auto a = StreamOpener::Start(key_, short_header, AsBytes(ad_));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kDataLoss);
  Bytes wrong_version(kStreamHeaderSize, 0);
  wrong_version[0] = 0x01;  // a sealed value, not a stream
  auto b = StreamOpener::Start(key_, wrong_version, AsBytes(ad_));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace casekeep::crypto
