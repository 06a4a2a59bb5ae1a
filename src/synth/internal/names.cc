// Built-in lists the generator draws on: common UK given names and surnames (deliberately
// diverse), street names, real postcode areas with districts that exist, fictional place names
// for organisations, and answers for profile questions. Fictional organisations only.
// Thread-safe: constant data.
#include "synth/internal/names.h"

#include <string>
#include <vector>

namespace casekeep::synth::internal {
namespace {

constexpr std::string_view kGivenNames[] = {
    "Olivia",   "Amelia",   "Isla",      "Ava",     "Mia",       "Ivy",       "Lily",
    "Isabella", "Sophia",   "Grace",     "Freya",   "Florence",  "Willow",    "Emily",
    "Ella",     "Poppy",    "Evie",      "Elsie",   "Charlotte", "Evelyn",    "Sienna",
    "Daisy",    "Phoebe",   "Sophie",    "Alice",   "Harper",    "Matilda",   "Ruby",
    "Emilia",   "Maya",     "Millie",    "Rosie",   "Esme",      "Aria",      "Layla",
    "Hannah",   "Chloe",    "Jessica",   "Lucy",    "Megan",     "Rebecca",   "Sarah",
    "Laura",    "Emma",     "Rachel",    "Claire",  "Nicola",    "Joanne",    "Kelly",
    "Gemma",    "Natalie",  "Stacey",    "Leanne",  "Danielle",  "Amy",       "Zoe",
    "Katie",    "Bethany",  "Jade",      "Aisha",   "Fatima",    "Maryam",    "Zainab",
    "Amina",    "Noor",     "Hafsa",     "Khadija", "Priya",     "Anjali",    "Simran",
    "Harpreet", "Navdeep",  "Sana",      "Ayesha",  "Nadia",     "Yasmin",    "Leila",
    "Zara",     "Amara",    "Adaeze",    "Chioma",  "Ngozi",     "Abena",     "Precious",
    "Blessing", "Shanice",  "Keisha",    "Tia",     "Agnieszka", "Katarzyna", "Magdalena",
    "Oksana",   "Ioana",    "Elena",     "Maria",   "Siobhan",   "Niamh",     "Aoife",
    "Ciara",    "Orla",     "Catriona",  "Eilidh",  "Morag",     "Carys",     "Cerys",
    "Ffion",    "Seren",    "Mei",       "Xin",     "Huong",     "Alex",      "Sam",
    "Jordan",   "Charlie",  "Robin",     "Morgan",  "Jessie",    "Frankie",   "Riley",
    "Kai",      "Oliver",   "George",    "Noah",    "Arthur",    "Leo",       "Muhammad",
    "Harry",    "Oscar",    "Archie",    "Henry",   "Theodore",  "Freddie",   "Jack",
    "Theo",     "Alfie",    "Jacob",     "Thomas",  "Finley",    "Arlo",      "William",
    "Lucas",    "Roman",    "Tommy",     "Isaac",   "Teddy",     "Albert",    "James",
    "Ethan",    "Joshua",   "Daniel",    "Samuel",  "Benjamin",  "Joseph",    "Max",
    "Reuben",   "Dylan",    "Ryan",      "Liam",    "Connor",    "Kieran",    "Jamie",
    "Lewis",    "Callum",   "Craig",     "Darren",  "Wayne",     "Lee",       "Gary",
    "Paul",     "Mark",     "Stephen",   "David",   "Andrew",    "Michael",   "Christopher",
    "Matthew",  "Richard",  "Simon",     "Jason",   "Dean",      "Carl",      "Ahmed",
    "Ali",      "Omar",     "Yusuf",     "Ibrahim", "Hamza",     "Bilal",     "Imran",
    "Tariq",    "Zain",     "Ayaan",     "Rohan",   "Arjun",     "Vikram",    "Sanjay",
    "Amit",     "Gurpreet", "Jaspal",    "Kwame",   "Kofi",      "Chinedu",   "Emeka",
    "Tunde",    "Delroy",   "Marcus",    "Jerome",  "Tyrone",    "Andre",     "Piotr",
    "Tomasz",   "Marek",    "Krzysztof", "Andrei",  "Mihai",     "Stefan",    "Darius",
    "Seamus",   "Ciaran",   "Padraig",   "Eoin",    "Rhys",      "Dafydd",    "Gethin",
    "Owain",    "Angus",    "Euan",      "Fraser",  "Hamish",    "Wei",       "Jun",
    "Minh",     "Hassan",   "Mustafa",   "Kareem",  "Jamal",     "Ravi",      "Dev",
};

constexpr std::string_view kSurnames[] = {
    "Smith",       "Jones",     "Williams",   "Taylor",     "Brown",     "Davies",
    "Evans",       "Wilson",    "Thomas",     "Johnson",    "Roberts",   "Robinson",
    "Thompson",    "Wright",    "Walker",     "White",      "Edwards",   "Hughes",
    "Green",       "Hall",      "Lewis",      "Harris",     "Clarke",    "Patel",
    "Jackson",     "Wood",      "Turner",     "Martin",     "Cooper",    "Hill",
    "Ward",        "Morris",    "Moore",      "Clark",      "Lee",       "King",
    "Baker",       "Harrison",  "Morgan",     "Allen",      "James",     "Scott",
    "Phillips",    "Watson",    "Davis",      "Parker",     "Price",     "Bennett",
    "Young",       "Griffiths", "Mitchell",   "Kelly",      "Cook",      "Carter",
    "Richardson",  "Bailey",    "Collins",    "Bell",       "Shaw",      "Murphy",
    "Miller",      "Cox",       "Richards",   "Khan",       "Marshall",  "Anderson",
    "Simpson",     "Ellis",     "Adams",      "Singh",      "Begum",     "Wilkinson",
    "Foster",      "Chapman",   "Powell",     "Webb",       "Rogers",    "Gray",
    "Mason",       "Ali",       "Hunt",       "Hussain",    "Campbell",  "Matthews",
    "Owen",        "Palmer",    "Holmes",     "Mills",      "Barnes",    "Knight",
    "Lloyd",       "Butler",    "Russell",    "Barker",     "Fisher",    "Stevens",
    "Jenkins",     "Murray",    "Dixon",      "Harvey",     "Graham",    "Pearson",
    "Ahmed",       "Fletcher",  "Walsh",      "Kaur",       "Gibson",    "Howard",
    "Andrews",     "Stewart",   "Elliott",    "Reynolds",   "Saunders",  "Payne",
    "Fox",         "Ford",      "Pearce",     "Brooks",     "West",      "Lawrence",
    "Cole",        "Atkinson",  "Bradley",    "Spencer",    "Gill",      "Dawson",
    "Ball",        "Burton",    "O'Brien",    "Watts",      "Rose",      "Booth",
    "Perry",       "Ryan",      "Grant",      "Wells",      "Armstrong", "Francis",
    "Rees",        "Hayes",     "Hart",       "Hudson",     "Newman",    "Barrett",
    "Webster",     "Hunter",    "Gregory",    "Carr",       "Lowe",      "Page",
    "Marsh",       "Dunn",      "Woods",      "Parsons",    "Berry",     "Stone",
    "Reid",        "Holland",   "Hawkins",    "Harding",    "Porter",    "Robertson",
    "Newton",      "Reed",      "Kennedy",    "Williamson", "Bird",      "Gardner",
    "Shah",        "Lane",      "Cooke",      "Bates",      "Henderson", "Parry",
    "Burgess",     "Bishop",    "Walton",     "Burns",      "Nicholson", "Shepherd",
    "Ross",        "Cross",     "Freeman",    "Warren",     "Nicholls",  "Hamilton",
    "Byrne",       "Sutton",    "McDonald",   "Yates",      "Hodgson",   "Robson",
    "Curtis",      "Hopkins",   "O'Connor",   "Harper",     "Coleman",   "Watkins",
    "Moss",        "McCarthy",  "Chambers",   "O'Neill",    "Griffin",   "Sharp",
    "Hardy",       "Wheeler",   "Potter",     "Osborne",    "Johnston",  "Gordon",
    "Doyle",       "Wallace",   "Hutchinson", "Nowak",      "Kowalski",  "Wisniewski",
    "Popescu",     "Okafor",    "Adeyemi",    "Mensah",     "Osei",      "Nguyen",
    "Chen",        "Wong",      "Zhang",      "Rahman",     "Islam",     "Chowdhury",
    "Miah",        "Uddin",     "Iqbal",      "Malik",      "Akhtar",    "Mahmood",
    "Sharma",      "Gupta",     "Kumar",      "Mistry",     "Chauhan",   "Bhatti",
    "Sandhu",      "Dhillon",   "Grewal",     "Mohamed",    "Abdi",      "Yilmaz",
    "Kaya",        "Costa",     "Silva",      "Santos",     "Ferreira",  "Campbell-Reid",
    "Smith-Jones",
};

constexpr std::string_view kStreetNames[] = {
    "Church",      "Station",  "Victoria",  "Park",        "Green",     "Manor",     "Mill",
    "Queens",      "Kings",    "Grange",    "Springfield", "Highfield", "Windsor",   "Albert",
    "York",        "Chestnut", "Beech",     "Oak",         "Elm",       "Willow",    "Ash",
    "Hawthorn",    "Meadow",   "Orchard",   "Brook",       "Riverside", "Westfield", "Northfield",
    "Southfield",  "Ashfield", "Cedar",     "Rowan",       "Holly",     "Laurel",    "Lime",
    "Poplar",      "Sycamore", "Maple",     "Clarence",    "Stanley",   "Mount",     "Hill",
    "School",      "Chapel",   "Bridge",    "New",         "High",      "Market",    "Castle",
    "Alexandra",   "Nelson",   "Princes",   "Hamilton",    "Cromwell",  "Gladstone", "Wellington",
    "Marlborough", "Balmoral", "Cavendish", "Lansdowne",   "Seymour",   "Jubilee",   "Coronation",
    "Fairfield",
};

constexpr std::string_view kStreetKinds[] = {
    "Road",  "Street",  "Close",   "Avenue", "Lane",  "Drive", "Way",  "Crescent",
    "Grove", "Gardens", "Terrace", "Place",  "Court", "Walk",  "Rise", "View",
};

constexpr std::string_view kPlaceNames[] = {
    "Ashcombe",    "Wrenfield",  "Kestrelmoor", "Larkhaven",    "Brackenholt",
    "Elmsworth",   "Oakhallow",  "Fernbridge",  "Millbourne",   "Harrowdene",
    "Thistlebury", "Rookvale",   "Marshgate",   "Hollinsfield", "Brambleton",
    "Easterleigh", "Westmere",   "Copperbeck",  "Glenmarsh",    "Ravensholt",
    "Foxhollow",   "Alderbrook", "Wychford",    "Hazelmere",    "Sorrelby",
};

constexpr std::string_view kEmailDomains[] = {"mail.example.org", "example.net", "example.com",
                                              "inbox.example.org", "post.example.net"};

constexpr std::string_view kEthnicities[] = {"White British",
                                             "White Irish",
                                             "Any other White background",
                                             "White and Black Caribbean",
                                             "White and Asian",
                                             "Indian",
                                             "Pakistani",
                                             "Bangladeshi",
                                             "Chinese",
                                             "Black African",
                                             "Black Caribbean",
                                             "Arab",
                                             "Prefer not to say"};
constexpr std::string_view kReligions[] = {
    "No religion", "Christian", "Muslim",   "Hindu",
    "Sikh",        "Jewish",    "Buddhist", "Prefer not to say"};
constexpr std::string_view kOrientations[] = {"Heterosexual", "Gay or lesbian", "Bisexual",
                                              "Prefer not to say"};
constexpr std::string_view kMeasures[] = {"SDQ",   "WEMWBS", "CORE-10",
                                          "GAD-7", "PHQ-9",  "Goal-based outcome"};
constexpr std::string_view kJobTitles[] = {
    "Contact supervisor", "Volunteer",        "Centre coordinator", "Family support worker",
    "Administrator",      "Sessional worker", "Parenting coach"};

// Area, main town, and the districts of the area that exist, separated by spaces.
struct AreaSpec {
  std::string_view area;
  std::string_view town;
  std::string_view districts;
};
constexpr AreaSpec kAreaSpecs[] = {
    {"B", "Birmingham",
     "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 23 24 25 26 27 28 29 30 31 32 33 34 35 "
     "36 37 38 40 42 43 44 45 46 47 48 49 50"},
    {"BS", "Bristol",
     "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 20 21 22 23 24 30 31 32 33 34 35 36 37 39 40 41 48 "
     "49"},
    {"CF", "Cardiff", "3 5 10 11 14 15 23 24"},
    {"EH", "Edinburgh", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"},
    {"G", "Glasgow",
     "1 2 3 4 5 11 12 13 14 15 20 21 22 23 31 32 33 34 40 41 42 43 44 45 46 51 52 53"},
    {"L", "Liverpool",
     "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28"},
    {"LS", "Leeds",
     "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29"},
    {"M", "Manchester",
     "1 2 3 4 5 6 7 8 9 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 "
     "38 40 41 43 44 45 46 50 90"},
    {"NE", "Newcastle upon Tyne", "1 2 3 4 5 6 7 8 9 10 11 12 13 15 16 20 21 22 23 24 25 26 27 28"},
    {"NG", "Nottingham", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25"},
    {"S", "Sheffield", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 17 20 21 25 26 35 36"},
    {"SW", "London", "1A 1E 1H 1P 1V 1W 1X 1Y 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"},
    {"E", "London", "1 1W 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18"},
    {"N", "London", "1 1C 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22"},
    {"BT", "Belfast", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"},
    {"LE", "Leicester", "1 2 3 4 5 7 8 9 10 11 12 13 14 15 16 17 18 19"},
    {"CV", "Coventry", "1 2 3 4 5 6 7 8"},
    {"PL", "Plymouth", "1 2 3 4 5 6 7 8 9"},
    {"SA", "Swansea", "1 2 3 4 5 6 7 8"},
    {"HU", "Hull", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"},
    {"ST", "Stoke-on-Trent", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21"},
    {"NR", "Norwich", "1 2 3 4 5 6 7 8 9 10 11 12 13 14"},
    {"EX", "Exeter", "1 2 3 4 5 6"},
    {"DD", "Dundee", "1 2 3 4 5"},
    {"AB", "Aberdeen", "10 11 12 13 14 15 16 21 22 23 24 25"},
    {"BN", "Brighton", "1 2 3 41 42 43 44 45"},
    {"CB", "Cambridge", "1 2 3 4 5 21 22 23 24 25"},
    {"OX", "Oxford", "1 2 3 4 5"},
    {"WV", "Wolverhampton", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"},
    {"SO", "Southampton", "14 15 16 17 18 19 30 31 32 40 45 50 51 52 53"},
    {"PO", "Portsmouth", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"},
    {"BD", "Bradford", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24"},
    {"DE", "Derby", "1 2 3 4 5 6 7 21 22 23 24"},
    {"YO", "York", "1 10 19 23 24 26 30 31 32"},
};

std::vector<PostcodeArea> BuildAreas() {
  std::vector<PostcodeArea> areas;
  for (const AreaSpec& spec : kAreaSpecs) {
    PostcodeArea area{spec.area, spec.town, {}};
    std::string_view rest = spec.districts;
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      area.districts.push_back(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    areas.push_back(std::move(area));
  }
  return areas;
}

}  // namespace

std::span<const std::string_view> GivenNames() {
  return kGivenNames;
}
std::span<const std::string_view> GivenNames(bool female) {
  // kGivenNames holds female names, then names used for anyone, then male names.
  constexpr std::size_t kFemale = 110;
  constexpr std::size_t kNeutral = 10;
  const std::span<const std::string_view> all(kGivenNames);
  return female ? all.first(kFemale + kNeutral) : all.subspan(kFemale);
}
std::span<const std::string_view> Surnames() {
  return kSurnames;
}
std::span<const std::string_view> StreetNames() {
  return kStreetNames;
}
std::span<const std::string_view> StreetKinds() {
  return kStreetKinds;
}
std::span<const std::string_view> PlaceNames() {
  return kPlaceNames;
}
std::span<const std::string_view> EmailDomains() {
  return kEmailDomains;
}
std::span<const std::string_view> Ethnicities() {
  return kEthnicities;
}
std::span<const std::string_view> Religions() {
  return kReligions;
}
std::span<const std::string_view> Orientations() {
  return kOrientations;
}
std::span<const std::string_view> OutcomeMeasures() {
  return kMeasures;
}
std::span<const std::string_view> JobTitles() {
  return kJobTitles;
}

std::span<const PostcodeArea> PostcodeAreas() {
  static const std::vector<PostcodeArea> areas = BuildAreas();
  return areas;
}

}  // namespace casekeep::synth::internal
