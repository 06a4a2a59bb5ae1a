// The server's TLS context: certificate chain and key from PEM files, TLS 1.2 or later only.
// Internal to http/.
//
// Thread-safety: the returned context is shared read-only by every connection.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "base/error.h"

namespace casekeep::http::internal {

//! A server context for `cert_file` (PEM chain, leaf first) and `key_file` (PEM private key).
//! Fails with kInvalidArgument if either cannot be read or the key does not match.
[[nodiscard]] Result<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& cert_file, const std::string& key_file);

}  // namespace casekeep::http::internal
