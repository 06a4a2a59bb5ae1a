#include "http/test_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http/message.h"

namespace casekeep::http::testing {

using Clock = std::chrono::steady_clock;

std::unique_ptr<RawSocket> RawSocket::Connect(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // The sockaddr cast is how the BSD socket API is spelled.
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return nullptr;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::unique_ptr<RawSocket>(new RawSocket(fd));
}

RawSocket::~RawSocket() {
  ::close(fd_);
}

bool RawSocket::Send(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int RawSocket::ReadSome(Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return -1;
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return -1;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    pending_.append(buf, static_cast<std::size_t>(n));
    return 1;
  }
}

std::string RawSocket::ReadResponse(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    std::size_t end = pending_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = pending_.substr(0, end + 4);
      std::string length = HeaderOf(head, "Content-Length");
      std::size_t total = end + 4 + (length.empty() ? 0 : std::stoul(length));
      // An interim 100 Continue has no Content-Length and comes back on its own.
      if (pending_.size() >= total) {
        std::string out = pending_.substr(0, total);
        pending_.erase(0, total);
        return out;
      }
    }
    if (ReadSome(deadline) <= 0) {
      std::string out = std::move(pending_);
      pending_.clear();
      return out;
    }
  }
}

std::string RawSocket::ReadUntilClosed(std::chrono::milliseconds timeout, bool* closed) {
  auto deadline = Clock::now() + timeout;
  int r;
  while ((r = ReadSome(deadline)) > 0) {
  }
  *closed = r == 0;
  std::string out = std::move(pending_);
  pending_.clear();
  return out;
}

bool RawSocket::WaitClosed(std::chrono::milliseconds timeout) {
  bool closed = false;
  std::string rest = ReadUntilClosed(timeout, &closed);
  return closed && rest.empty();
}

int StatusOf(std::string_view response) {
  if (response.size() < 12 || response.substr(0, 5) != "HTTP/") return 0;
  return std::atoi(std::string(response.substr(9, 3)).c_str());
}

std::string HeaderOf(std::string_view response, std::string_view name) {
  std::size_t end = response.find("\r\n\r\n");
  std::string_view head = response.substr(0, end);
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos) {
    std::size_t next = head.find("\r\n", pos + 2);
    std::string_view line = head.substr(
        pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsIgnoreCase(line.substr(0, colon), name)) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    pos = next;
  }
  return "";
}

std::string BodyOf(std::string_view response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string_view::npos ? "" : std::string(response.substr(end + 4));
}

}  // namespace casekeep::http::testing
