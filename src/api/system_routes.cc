// Health, metrics and the OpenAPI document: public, and free of personal data.
#include "api/context.h"
#include "api/server.h"

namespace casekeep::api {

Status AddSystemRoutes(Api& api, http::Router& router) {
  CK_TRY(router.Add("GET", "/healthz", Public([](const http::Request&, const http::PathParams&) {
                      return http::JsonResponse(200, nlohmann::json{{"status", "ok"}});
                    })));
  CK_TRY(
      router.Add("GET", "/metrics", Public([&api](const http::Request&, const http::PathParams&) {
                   http::Response r;
                   r.body = http::RenderPrometheus(api.metrics);
                   r.content_type = std::string(http::kPrometheusContentType);
                   return r;
                 })));
  CK_TRY(router.Add("GET", "/api/v1/openapi.json",
                    Public([](const http::Request&, const http::PathParams&) {
                      http::Response r;
                      r.body = std::string(OpenApiDocument());
                      r.content_type = "application/json";
                      return r;
                    })));
  return {};
}

}  // namespace casekeep::api
