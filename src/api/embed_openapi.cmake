# Writes OUT, a C++ file defining casekeep::api::OpenApiDocument() as the text of IN.
file(READ "${IN}" text)
string(FIND "${text}" ")openapi\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter )openapi\"")
endif()
file(WRITE "${OUT}" "// Generated from docs/openapi.json at build time; do not edit.\n#include \"api/server.h\"\n\nnamespace casekeep::api {\n\nstd::string_view OpenApiDocument() {\n  // sizeof, not a constexpr strlen: the document is longer than the compiler's constexpr loop\n  // limit.\n  static constexpr char kDocument[] = R\"openapi(${text})openapi\";\n  return std::string_view(kDocument, sizeof(kDocument) - 1);\n}\n\n}  // namespace casekeep::api\n")
