// Loading GOV.UK's bank-holidays.json and answering "is this a working day?". Loading is a pure
// function of the text (or file); a loaded calendar is immutable and thread-safe to share.
#include "base/holidays.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file.h"

namespace casekeep {
namespace {

using nlohmann::json;

constexpr std::array<HolidayDivision, 3> kDivisions = {HolidayDivision::kEnglandAndWales,
                                                       HolidayDivision::kScotland,
                                                       HolidayDivision::kNorthernIreland};

std::size_t IndexOf(HolidayDivision division) {
  switch (division) {
    case HolidayDivision::kEnglandAndWales: return 0;
    case HolidayDivision::kScotland: return 1;
    case HolidayDivision::kNorthernIreland: return 2;
  }
  return 0;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; keep the useful part.
std::string JsonMessage(const json::exception& e) {
  std::string_view what = e.what();
  if (const auto end = what.find("] "); !what.empty() && what[0] == '[' && end != what.npos) {
    what.remove_prefix(end + 2);
  }
  return std::string(what);
}

Result<BankHoliday> ParseEvent(const json& event, const std::string& where) {
  if (!event.is_object()) return InvalidArgument(where + " is not an object");
  BankHoliday out;
  const auto date = event.find("date");
  if (date == event.end() || !date->is_string()) {
    return InvalidArgument(where + " has no \"date\" string");
  }
  auto parsed = Date::Parse(date->get_ref<const std::string&>());
  if (!parsed) return InvalidArgument(where + ": " + parsed.error().message);
  out.date = *parsed;
  const auto title = event.find("title");
  if (title == event.end() || !title->is_string()) {
    return InvalidArgument(where + " (" + out.date.ToString() + ") has no \"title\" string");
  }
  out.title = title->get<std::string>();
  if (const auto notes = event.find("notes"); notes != event.end()) {
    if (!notes->is_string()) {
      return InvalidArgument(where + " (" + out.date.ToString() + "): \"notes\" is not a string");
    }
    out.notes = notes->get<std::string>();
  }
  if (const auto bunting = event.find("bunting"); bunting != event.end()) {
    if (!bunting->is_boolean()) {
      return InvalidArgument(where + " (" + out.date.ToString() +
                             "): \"bunting\" is not true or false");
    }
    out.bunting = bunting->get<bool>();
  }
  return out;
}

std::string ExecutableDir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().string();
}

}  // namespace

std::string_view HolidayDivisionId(HolidayDivision division) {
  switch (division) {
    case HolidayDivision::kEnglandAndWales: return "england-and-wales";
    case HolidayDivision::kScotland: return "scotland";
    case HolidayDivision::kNorthernIreland: return "northern-ireland";
  }
  return "";
}

std::optional<HolidayDivision> ParseHolidayDivision(std::string_view id) {
  for (const HolidayDivision d : kDivisions) {
    if (HolidayDivisionId(d) == id) return d;
  }
  return std::nullopt;
}

std::span<const HolidayDivision> AllHolidayDivisions() {
  return kDivisions;
}

Result<HolidayCalendar> HolidayCalendar::FromJson(std::string_view text, std::string_view source) {
  const std::string src(source);
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return InvalidArgument(src + ": not valid JSON: " + JsonMessage(e));
  }
  if (!doc.is_object()) return InvalidArgument(src + ": the top level is not a JSON object");

  HolidayCalendar calendar;
  calendar.source_ = src;
  for (const HolidayDivision division : kDivisions) {
    const std::string id(HolidayDivisionId(division));
    const auto entry = doc.find(id);
    if (entry == doc.end()) {
      return InvalidArgument(src + ": division \"" + id + "\" is missing");
    }
    if (!entry->is_object()) {
      return InvalidArgument(src + ": division \"" + id + "\" is not an object");
    }
    if (const auto name = entry->find("division"); name != entry->end()) {
      if (!name->is_string() || name->get_ref<const std::string&>() != id) {
        return InvalidArgument(src + ": division \"" + id +
                               "\" has a \"division\" field that does not say \"" + id + "\"");
      }
    }
    const auto events = entry->find("events");
    if (events == entry->end() || !events->is_array()) {
      return InvalidArgument(src + ": division \"" + id + "\" has no \"events\" array");
    }
    if (events->empty()) {
      return InvalidArgument(src + ": division \"" + id + "\" has no events");
    }
    DivisionEvents& out = calendar.divisions_[IndexOf(division)];
    out.events.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
      const std::string where = src + ": " + id + " event " + std::to_string(i + 1);
      CK_ASSIGN_OR_RETURN(BankHoliday event, ParseEvent((*events)[i], where));
      out.events.push_back(std::move(event));
    }
    std::stable_sort(out.events.begin(), out.events.end(),
                     [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
    out.events.erase(
        std::unique(out.events.begin(), out.events.end(),
                    [](const BankHoliday& a, const BankHoliday& b) { return a.date == b.date; }),
        out.events.end());
    out.first_year = out.events.front().date.year();
    out.last_year = out.events.back().date.year();
    // A year with no events means the file is incomplete, not that the year has no holidays.
    int expected = out.first_year;
    for (const BankHoliday& event : out.events) {
      if (event.date.year() > expected) {
        return InvalidArgument(src + ": division \"" + id + "\" has no events in " +
                               std::to_string(expected) + ", between " +
                               std::to_string(out.first_year) + " and " +
                               std::to_string(out.last_year));
      }
      expected = event.date.year() + 1;
    }
  }
  return calendar;
}

Result<HolidayCalendar> HolidayCalendar::FromFile(const std::string& path) {
  CK_ASSIGN_OR_RETURN(const std::string text, ReadFileCapped(path, kMaxHolidayFileBytes));
  return FromJson(text, path);
}

std::vector<std::string> HolidayCalendar::DefaultPaths() {
  const char* env = std::getenv(std::string(kHolidayFileEnv).c_str());
  if (env != nullptr && *env != '\0') return {std::string(env)};
  std::vector<std::string> paths;
  if (const std::string dir = ExecutableDir(); !dir.empty()) {
    paths.push_back(dir + "/../data/uk-bank-holidays.json");
    paths.push_back(dir + "/../share/casekeep/uk-bank-holidays.json");
  }
  paths.push_back("/usr/share/casekeep/uk-bank-holidays.json");
  paths.push_back("data/uk-bank-holidays.json");
  return paths;
}

Result<HolidayCalendar> HolidayCalendar::Default() {
  const std::vector<std::string> paths = DefaultPaths();
  std::string tried;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return FromFile(path);
    if (!tried.empty()) tried += ", ";
    tried += path;
  }
  return NotFound("no bank-holidays file found (tried " + tried + "); set " +
                  std::string(kHolidayFileEnv) + " to the path of a bank-holidays.json");
}

const HolidayCalendar::DivisionEvents& HolidayCalendar::Of(HolidayDivision division) const {
  return divisions_[IndexOf(division)];
}

const BankHoliday* HolidayCalendar::HolidayOn(HolidayDivision division, Date date) const {
  const std::vector<BankHoliday>& events = Of(division).events;
  const auto it =
      std::lower_bound(events.begin(), events.end(), date,
                       [](const BankHoliday& event, const Date& d) { return event.date < d; });
  if (it == events.end() || it->date != date) return nullptr;
  return &*it;
}

bool HolidayCalendar::IsHoliday(HolidayDivision division, Date date) const {
  return HolidayOn(division, date) != nullptr;
}

Result<bool> HolidayCalendar::IsHoliday(std::string_view division, Date date) const {
  const auto d = ParseHolidayDivision(division);
  if (!d) return InvalidArgument("unknown bank-holiday division \"" + std::string(division) + "\"");
  return IsHoliday(*d, date);
}

bool HolidayCalendar::IsWorkingDay(HolidayDivision division, Date date) const {
  return !date.IsWeekend() && !IsHoliday(division, date);
}

Result<bool> HolidayCalendar::IsWorkingDay(std::string_view division, Date date) const {
  const auto d = ParseHolidayDivision(division);
  if (!d) return InvalidArgument("unknown bank-holiday division \"" + std::string(division) + "\"");
  return IsWorkingDay(*d, date);
}

int HolidayCalendar::FirstYear(HolidayDivision division) const {
  return Of(division).first_year;
}
int HolidayCalendar::LastYear(HolidayDivision division) const {
  return Of(division).last_year;
}

int HolidayCalendar::FirstYear() const {
  int year = Of(kDivisions[0]).first_year;
  for (const HolidayDivision d : kDivisions) year = std::max(year, Of(d).first_year);
  return year;
}

int HolidayCalendar::LastYear() const {
  int year = Of(kDivisions[0]).last_year;
  for (const HolidayDivision d : kDivisions) year = std::min(year, Of(d).last_year);
  return year;
}

bool HolidayCalendar::Covers(HolidayDivision division, Date date) const {
  return date.year() >= FirstYear(division) && date.year() <= LastYear(division);
}

Status HolidayCalendar::CheckCovers(HolidayDivision division, Date date) const {
  if (Covers(division, date)) return {};
  const std::string year = std::to_string(date.year());
  const std::string range =
      std::to_string(FirstYear(division)) + "-" + std::to_string(LastYear(division));
  const std::string load = date.year() > LastYear(division)
                               ? "load a newer bank-holidays.json"
                               : "load a bank-holidays.json that covers " + year;
  return Fail(ErrorCode::kFailedPrecondition,
              "bank holidays for " + year + " are not known: " + load + " (" + source_ +
                  " covers " + range + " for " + std::string(HolidayDivisionId(division)) + ")");
}

std::span<const BankHoliday> HolidayCalendar::Events(HolidayDivision division) const {
  return Of(division).events;
}

}  // namespace casekeep
