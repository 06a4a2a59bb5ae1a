// What the server's connections share: options, the handler, the TLS context, the stopping
// flag and the registry of open connections (so Stop can reach the idle ones and wait for
// the rest). Internal to http/.
//
// Thread-safety: options, handler and TLS context are read-only after construction; the
// registry and flag may be used from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "http/server.h"

namespace casekeep::http::internal {

//! One open connection, as Stop sees it.
class Connection {
 public:
  virtual ~Connection() = default;
  //! Closes the connection soon if it is waiting for a request; otherwise it closes after
  //! the response in progress. Safe from any thread.
  virtual void CloseIfIdle() = 0;
};

class ServerCore {
 public:
  ServerCore(Server::Options options, Handler handler,
             std::shared_ptr<boost::asio::ssl::context> tls);

  const Server::Options& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  //! Null for plain HTTP.
  boost::asio::ssl::context* tls() const { return tls_.get(); }
  Metrics* metrics() const { return options_.metrics; }
  void Log(std::string_view message) const;

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  //! Claims a connection slot; false at max_connections or when stopping.
  bool TryReserve();
  //! Ties a claimed slot to its connection; returns the id to Release with.
  std::uint64_t Register(std::weak_ptr<Connection> connection);
  //! Frees the slot of a connection being destroyed (id 0: reserved but never registered).
  void Release(std::uint64_t id);
  std::size_t open_connections() const;

  //! Sets the stopping flag and asks every idle connection to close.
  void BeginStop();
  //! Waits until no connection is open or `timeout` passes; true if none is open.
  bool WaitForNoConnections(std::chrono::milliseconds timeout);

 private:
  const Server::Options options_;
  const Handler handler_;
  const std::shared_ptr<boost::asio::ssl::context> tls_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  std::condition_variable all_closed_;
  std::size_t reserved_ = 0;                                                  // guarded by mu_
  std::uint64_t next_id_ = 1;                                                 // guarded by mu_
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;  // guarded by mu_
};

}  // namespace casekeep::http::internal
