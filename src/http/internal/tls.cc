#include "http/internal/tls.h"

#include <openssl/ssl.h>

namespace casekeep::http::internal {

namespace ssl = boost::asio::ssl;

Result<std::shared_ptr<ssl::context>> MakeServerTlsContext(const std::string& cert_file,
                                                           const std::string& key_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                           ssl::context::no_compression,
                       ec);
  if (ec) return InvalidArgument("TLS options: " + ec.message());
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return InvalidArgument("TLS: cannot require TLS 1.2");
  }
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) return InvalidArgument("TLS certificate " + cert_file + ": " + ec.message());
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return InvalidArgument("TLS private key " + key_file + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return InvalidArgument("TLS private key " + key_file + " does not match " + cert_file);
  }
  return context;
}

}  // namespace casekeep::http::internal
