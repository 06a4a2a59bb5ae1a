// Test helpers: a raw TCP connection for sending bytes no well-behaved client would send
// (malformed requests, slow headers, huge fields, pipelined requests), and a minimal reader
// of HTTP responses. Test-only; never linked into ck_http.
//
// Thread-safety: a RawSocket belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace casekeep::http::testing {

class RawSocket {
 public:
  //! A connection to 127.0.0.1:`port`, or null if it cannot be made.
  static std::unique_ptr<RawSocket> Connect(std::uint16_t port);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  //! Sends all of `data`; false if the connection broke.
  bool Send(std::string_view data);

  //! One complete response (header and, by Content-Length, its body), or what arrived
  //! before the connection closed or `timeout` passed. Bytes after it are kept for the next
  //! call. Does not understand chunked responses (the server never sends them).
  std::string ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  //! Everything until the peer closes or `timeout` passes; `*closed` tells which.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout, bool* closed);

  //! True if the peer closed (EOF or reset) within `timeout` without sending anything more.
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  explicit RawSocket(int fd) : fd_(fd) {}
  // Appends what arrives within `timeout` to pending_; 0 on EOF/reset, -1 on timeout.
  int ReadSome(std::chrono::steady_clock::time_point deadline);

  int fd_;
  std::string pending_;
};

//! The status code of a raw response ("HTTP/1.1 413 ..." -> 413), or 0.
int StatusOf(std::string_view response);
//! The value of header `name` (case-insensitive) in a raw response, or "".
std::string HeaderOf(std::string_view response, std::string_view name);
//! The body of a raw response (after the blank line).
std::string BodyOf(std::string_view response);

}  // namespace casekeep::http::testing
