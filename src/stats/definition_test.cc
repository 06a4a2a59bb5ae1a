#include "stats/definition.h"

#include <gtest/gtest.h>

#include <string>

namespace casekeep::stats {
namespace {

const policy::Policy& CentrePolicy() {
  static const policy::Policy p = [] {
    auto loaded = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) +
                                         "/policy/examples/contact-centre.toml");
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return *loaded;
  }();
  return p;
}

constexpr std::string_view kGood = R"(
[[reports]]
id = "sessions_by_month"
label = "Sessions by service, month and age band"
dimensions = ["service", "month", "age_band"]
measures = ["people", "cases", "sessions", "attendance_rate"]
age_band = { field = "date_of_birth", bands = [0, 5, 11, 18, 65] }
sessions = { record_type = "attendance_record", field = "outcome", attended = ["attended"] }

[[extracts]]
id = "attendance"
label = "Attendance, person by person"
columns = ["service", "quarter", "age_band", "postcode_district", "sessions", "attended"]
quasi_identifiers = ["age_band", "postcode_district", "quarter"]
k = 10
below_k = "refuse"
sessions = { record_type = "attendance_record", field = "outcome", attended = ["attended"] }
)";

TEST(Definitions, ReadsReportsAndExtracts) {
  auto out = ParseDefinitions(kGood, CentrePolicy());
  ASSERT_TRUE(out.ok()) << out.errors[0].message;
  const auto& d = out.definitions;
  ASSERT_EQ(d.reports.size(), 1u);
  const ReportDef& r = d.reports[0];
  EXPECT_EQ(r.dimensions,
            (std::vector<Dimension>{Dimension::kService, Dimension::kMonth, Dimension::kAgeBand}));
  EXPECT_EQ(r.mappings.age_bands, (std::vector<int>{0, 5, 11, 18, 65}));
  EXPECT_EQ(r.mappings.session_type, "attendance_record");
  EXPECT_EQ(r.mappings.attended_values, std::vector<std::string>{"attended"});
  ASSERT_NE(d.FindExtract("attendance"), nullptr);
  EXPECT_EQ(d.FindExtract("attendance")->k, 10);
  EXPECT_EQ(d.FindExtract("attendance")->below_k, BelowK::kRefuse);
  EXPECT_TRUE(d.FindExtract("attendance")->sessions);
}

struct Bad {
  std::string name;
  std::string text;
  std::uint32_t line;
  std::uint32_t column;
  std::string message;  // a part of the first error
};

class BadDefinitions : public ::testing::TestWithParam<Bad> {};

TEST_P(BadDefinitions, AreRefusedWithLineAndColumn) {
  const Bad& b = GetParam();
  auto out = ParseDefinitions(b.text, CentrePolicy());
  ASSERT_FALSE(out.ok()) << b.name;
  EXPECT_EQ(out.errors[0].line, b.line) << b.name << ": " << out.errors[0].message;
  EXPECT_EQ(out.errors[0].column, b.column) << b.name << ": " << out.errors[0].message;
  EXPECT_NE(out.errors[0].message.find(b.message), std::string::npos)
      << b.name << ": " << out.errors[0].message;
}

const std::string kHead = "[[reports]]\nid = \"r\"\nlabel = \"R\"\nmeasures = [\"people\"]\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadDefinitions,
    ::testing::Values(
        Bad{"a name", kHead + "dimensions = [\"service\", \"name\"]\n", 5, 26,
            "refused: a name identifies people"},
        Bad{"an exact date of birth", kHead + "dimensions = [\"date_of_birth\"]\n", 5, 15,
            "exact date of birth identifies people; use age_band"},
        Bad{"a full postcode", kHead + "dimensions = [\"postcode\"]\n", 5, 15,
            "use postcode_district"},
        Bad{"a code", kHead + "dimensions = [\"subject_code\"]\n", 5, 15, "code"},
        Bad{"a free-text policy field", kHead + "dimensions = [\"absence_reason\"]\n", 5, 15,
            "text field of the policy"},
        Bad{"a typo", kHead + "dimensions = [\"servcie\"]\n", 5, 15, "did you mean 'service'"},
        Bad{"a dimension twice", kHead + "dimensions = [\"month\", \"month\"]\n", 5, 24,
            "listed twice"},
        Bad{"an unknown measure",
            "[[reports]]\nid = \"r\"\nlabel = \"R\"\n"
            "dimensions = [\"service\"]\nmeasures = [\"names\"]\n",
            5, 13, "unknown measure 'names'"},
        Bad{"sessions without a mapping",
            "[[reports]]\nid = \"r\"\nlabel = \"R\"\n"
            "dimensions = [\"service\"]\nmeasures = [\"sessions\"]\n",
            1, 1, "no 'sessions' table"},
        Bad{"attendance from free text",
            kHead + "dimensions = [\"service\"]\nsessions = { record_type = \"attendance_record\", "
                    "field = \"absence_reason\", attended = [\"x\"] }\n",
            6, 57, "never free text"},
        Bad{"a threshold below the policy's",
            kHead + "dimensions = [\"service\"]\nsuppression_threshold = 3\n", 6, 25,
            "below the policy's 5"},
        Bad{"bands not from 0",
            kHead + "dimensions = [\"age_band\"]\nage_band = { bands = [5, 10] }\n", 6, 22,
            "must start at 0"},
        Bad{"an unknown key", kHead + "dimensions = [\"service\"]\ncolour = \"red\"\n", 6, 1,
            "colour"},
        Bad{"TOML syntax", "[[reports]\n", 1, 11, "TOML syntax"},
        Bad{"an extract quasi-identifier not a column",
            "[[extracts]]\nid = \"e\"\nlabel = \"E\"\ncolumns = [\"service\"]\n"
            "quasi_identifiers = [\"month\"]\n",
            5, 22, "not one of the columns"},
        Bad{"an extract with a name",
            "[[extracts]]\nid = \"e\"\nlabel = \"E\"\n"
            "columns = [\"name\"]\nquasi_identifiers = []\n",
            4, 12, "a name identifies people"},
        Bad{"k below the policy's",
            "[[extracts]]\nid = \"e\"\nlabel = \"E\"\ncolumns = [\"service\"]\n"
            "quasi_identifiers = [\"service\"]\nk = 2\n",
            6, 5, "below the policy's 5"}),
    [](const auto& param_info) {
      std::string n = param_info.param.name;
      for (char& ch : n) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return n;
    });

TEST(Definitions, AMissingFileIsNoDefinitions) {
  auto d = LoadDefinitionsFile("/nonexistent/reports.toml", CentrePolicy());
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->reports.empty());
}

}  // namespace
}  // namespace casekeep::stats
