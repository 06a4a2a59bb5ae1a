#include "http/internal/core.h"

#include <utility>
#include <vector>

namespace casekeep::http::internal {

ServerCore::ServerCore(Server::Options options, Handler handler,
                       std::shared_ptr<boost::asio::ssl::context> tls)
    : options_(std::move(options)), handler_(std::move(handler)), tls_(std::move(tls)) {}

void ServerCore::Log(std::string_view message) const {
  if (options_.log) options_.log(message);
}

bool ServerCore::TryReserve() {
  std::lock_guard lock(mu_);
  if (stopping() || reserved_ >= options_.max_connections) return false;
  ++reserved_;
  if (options_.metrics != nullptr) options_.metrics->ConnectionOpened();
  return true;
}

std::uint64_t ServerCore::Register(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  std::uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ServerCore::Release(std::uint64_t id) {
  {
    std::lock_guard lock(mu_);
    if (id != 0) connections_.erase(id);
    --reserved_;
    if (options_.metrics != nullptr) options_.metrics->ConnectionClosed();
  }
  all_closed_.notify_all();
}

std::size_t ServerCore::open_connections() const {
  std::lock_guard lock(mu_);
  return reserved_;
}

void ServerCore::BeginStop() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mu_);
    stopping_.store(true, std::memory_order_release);
    for (auto& [id, weak] : connections_) {
      if (auto c = weak.lock()) open.push_back(std::move(c));
    }
  }
  for (auto& c : open) c->CloseIfIdle();
}

bool ServerCore::WaitForNoConnections(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return all_closed_.wait_for(lock, timeout, [&] { return reserved_ == 0; });
}

}  // namespace casekeep::http::internal
