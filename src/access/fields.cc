#include "access/fields.h"

namespace casekeep::access {
namespace {

const policy::Field* FindField(const std::vector<policy::Field>& schema, std::string_view id) {
  for (const auto& f : schema) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

}  // namespace

nlohmann::json VisibleFields(const std::vector<policy::Field>& schema, const nlohmann::json& fields,
                             const std::set<std::string>& categories) {
  nlohmann::json out = nlohmann::json::object();
  if (!fields.is_object()) return out;
  for (const auto& [id, value] : fields.items()) {
    const policy::Field* f = FindField(schema, id);
    if (f != nullptr && categories.contains(f->category)) out[id] = value;
  }
  return out;
}

std::optional<std::string> FirstUnwritableField(const std::vector<policy::Field>& schema,
                                                const nlohmann::json& fields,
                                                const std::set<std::string>& categories) {
  if (!fields.is_object()) return std::nullopt;
  for (const auto& [id, value] : fields.items()) {
    const policy::Field* f = FindField(schema, id);
    if (f != nullptr && !categories.contains(f->category)) return id;
  }
  return std::nullopt;
}

}  // namespace casekeep::access
