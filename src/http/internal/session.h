// One accepted connection served to its end: TLS handshake, keep-alive request loop, size
// limits and deadlines, the handler call, and a clean close. Internal to http/.
//
// Thread-safety: each connection runs on its own strand, so its steps never overlap; many
// connections run at once on the server's I/O threads.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <memory>

#include "http/internal/convert.h"
#include "http/internal/core.h"

namespace casekeep::http::internal {

//! Each connection's socket is bound to its own strand; naming the executor type (rather
//! than the type-erased any_io_executor) saves a dispatch through type erasure per step.
using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
using Socket = boost::asio::ip::tcp::socket::rebind_executor<Strand>::other;

//! Serves `socket` (accepted on a strand, with a connection slot already reserved through
//! core->TryReserve) until it closes; the slot is released when the connection ends.
void StartSession(const std::shared_ptr<ServerCore>& core, Socket socket, Peer peer);

}  // namespace casekeep::http::internal
