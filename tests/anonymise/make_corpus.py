#!/usr/bin/env python3
"""Writes tests/anonymise/corpus.txt: fictional helpline notes, chat transcripts, referrals and
case studies with every personal detail labelled inline as {{TYPE:text}}.

Deterministic (fixed seed). The corpus was written before the detectors and is not tuned to
them: the value lists below follow how people write these things, not what a pattern finds.
Every person, number and address is fictional; phone numbers come from Ofcom's drama ranges,
emails from example domains. Run: python3 tests/anonymise/make_corpus.py > tests/anonymise/corpus.txt
"""
import random

R = random.Random(20261202)

GIVEN = ["Amy", "Jordan", "Mary Anne", "Thomas", "Aisha", "Oluwaseun", "Zofia", "Mohammed",
         "Siobhán", "Chloë", "Rose", "Hope", "Mark", "Grace", "Will", "Dawn", "Faith", "Ivy",
         "Robin", "Lily-Mae", "Jean-Paul", "Kayleigh", "Declan", "Priya", "Tomasz", "Bethany",
         "Callum", "Niamh", "Ellie", "Kwame", "Fatima", "Reece", "Summer", "Jack", "Harriet",
         "Connor", "Shannon", "Ibrahim", "Leanne", "Dylan", "Joy", "Bill", "Sunny", "Daisy",
         "Zoë", "Łukasz", "Ayesha", "Rhys", "Carys", "Euan"]
NICK = {"Thomas": "Tom", "Mohammed": "Mo", "Lily-Mae": "Lils", "Bethany": "Beth",
        "Harriet": "Hattie", "Jordan": "Jordy", "Kayleigh": "Kay", "Oluwaseun": "Seun",
        "Mary Anne": "Annie", "Callum": "Cal", "Ellie": "El"}
FAMILY = ["Clarke", "O'Neill", "Clarke-Hughes", "Nowak", "Okafor", "McAllister", "Brown",
          "Hill", "Khan", "Da Silva", "Whitfield", "Patel", "Kowalski", "Mensah", "Fairbairn",
          "Hughes", "Lloyd", "Evans", "Greenwood", "Young", "Baker", "Ashworth", "Begum",
          "Doherty", "Sutherland", "Thornton", "Wood", "Osei", "MacLeod", "Pritchard"]
TYPO = {"Amy": "Amyy", "Jordan": "Jordon", "Thomas": "Tomas", "Bethany": "Bethanie",
        "Callum": "Calum", "Kayleigh": "Kaleigh", "Shannon": "Shanon", "Connor": "Conor",
        "Harriet": "Harriett", "Clarke": "Clark", "Whitfield": "Whitfeild", "Doherty": "Dougherty"}
ROLES = ["mum", "dad", "partner", "nan", "son", "daughter", "step-dad", "brother", "sister",
         "aunt", "grandad", "ex-partner", "foster carer", "little one"]


class Person:
    def __init__(self, given, family, nick=None):
        self.given, self.family, self.nick = given, family, nick

    def header(self):
        s = f"{self.given} {self.family}"
        return s + (f"={self.nick}" if self.nick else "")


def lab(kind, text):
    return "{{" + kind + ":" + text + "}}"


def new_people(n):
    fam = R.choice(FAMILY)
    out = []
    for i in range(n):
        g = R.choice(GIVEN)
        while any(p.given == g for p in out):
            g = R.choice(GIVEN)
        f = fam if i < 2 or R.random() < 0.4 else R.choice(FAMILY)
        out.append(Person(g, f, NICK.get(g) if R.random() < 0.5 else None))
    return out


# --- values ------------------------------------------------------------------------------------
DOMAINS = ["example.com", "example.co.uk", "example.org", "mail.example.net", "example.org.uk",
           "nhs.example.uk", "school.example.sch.uk", "example.ac.uk"]


def email(p):
    g = p.given.split()[0].lower().replace("ë", "e").replace("ł", "l").replace("á", "a")
    g = g.replace("-", "").replace("'", "")
    f = p.family.lower().replace("'", "").replace(" ", "").replace("-", "")
    local = R.choice([f"{g}.{f}", f"{g}{f}{R.randint(1, 99)}", f"{g[0]}{f}", f"{g}_{f}",
                      f"{f}.{g}{R.randint(70, 99)}", f"{g}+school", f"mum.of.{R.randint(2, 4)}",
                      f"{g}.{f[0]}", f"{g}{R.randint(1980, 2009)}", f"the.{f}s"])
    e = f"{local}@{R.choice(DOMAINS)}"
    if R.random() < 0.1:
        e = e.upper()
    elif R.random() < 0.15:
        e = e[0].upper() + e[1:]
    return e


def digits(s):
    return "".join(c for c in s if c.isdigit())


def phone():
    kind = R.random()
    if kind < 0.45:  # mobile, 07700 900000-900999
        rest = "7700 900" + f"{R.randint(0, 999):03d}"
        nat = "0" + rest
        forms = [nat, nat.replace(" ", ""), "+44 " + rest, "+44 (0)" + rest, "0044 " + rest,
                 "07700-900-" + rest[-3:], "+44" + rest.replace(" ", ""), "07700 " + rest[5:8] + " " + rest[8:],
                 "(07700) " + rest[5:]]
        return R.choice(forms)
    if kind < 0.85:  # geographic drama ranges
        area, local = R.choice([("113", "496 0"), ("114", "496 0"), ("115", "496 0"),
                                ("116", "496 0"), ("117", "496 0"), ("118", "496 0"),
                                ("121", "496 0"), ("131", "496 0"), ("141", "496 0"),
                                ("151", "496 0"), ("161", "496 0"), ("191", "498 0"),
                                ("20", "7946 0"), ("29", "2018 0"), ("28", "9649 6"),
                                ("1632", "960")])
        tail = f"{R.randint(0, 999):03d}"
        local_num = local + tail
        forms = [f"0{area} {local_num}", f"0{area} {local_num.replace(' ', '')}",
                 f"(0{area}) {local_num}", f"+44 {area} {local_num}",
                 f"0{area}-{local_num.replace(' ', '-')}", f"0{area}{local_num.replace(' ', '')}",
                 f"+44 (0){area} {local_num}", f"0044 {area} {local_num}"]
        return R.choice(forms)
    # non-geographic: helplines and 03 numbers
    pre, mid = R.choice([("0808", "157 0"), ("0306", "999 0"), ("0800", "0"), ("0345", "0")])
    if pre in ("0800", "0345"):
        return f"{pre} {R.randint(100, 999)} {R.randint(1000, 9999)}"
    return f"{pre} {mid}{R.randint(0, 999):03d}"


OUTWARD = ["LS6", "LS11", "BS4", "BS16", "M14", "M1", "SW1A", "EC1V", "B15", "B8", "CF10",
           "CF24", "G12", "G41", "EH8", "EH11", "NE1", "NE6", "L8", "L15", "W1T", "N16", "SE15",
           "E8", "CR0", "S10", "NG7", "LE2", "PL4", "BT9", "BT14", "AB24", "DD1", "IV2",
           "HU5", "YO31", "OX4", "CB1", "NR2", "EX4", "TR1", "SA1", "LL57", "WC1N", "E1W",
           "DN4", "WF1", "HX1", "BD8", "OL9"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode():
    if R.random() < 0.01:
        return R.choice(["GIR 0AA", "gir0aa"])
    out = R.choice(OUTWARD)
    inw = f"{R.randint(0, 9)}{R.choice(INWARD_LETTERS)}{R.choice(INWARD_LETTERS)}"
    r = R.random()
    if r < 0.75:
        return f"{out} {inw}"
    if r < 0.9:
        return f"{out}{inw}"
    return f"{out} {inw}".lower()


def nhs_check(d9):
    total = sum(int(c) * (10 - i) for i, c in enumerate(d9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return None if check == 10 else check


def nhs(valid=True):
    while True:
        d9 = str(R.randint(400000000, 999999999))
        c = nhs_check(d9)
        if c is None:
            continue
        if not valid:
            c = (c + R.randint(1, 9)) % 10
            if nhs_check(d9) == c:
                continue
        n = d9 + str(c)
        r = R.random()
        if r < 0.6:
            return f"{n[:3]} {n[3:6]} {n[6:]}"
        if r < 0.9:
            return n
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"


NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def ni(valid=True):
    if valid:
        while True:
            pre = R.choice(NI_FIRST) + R.choice(NI_SECOND)
            if pre not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                break
    else:
        pre = R.choice(["QQ", "GB", "BG", "DA", "FZ", "TN", "ZZ", "NK", "AO"]) if R.random() < 0.8 else "AB"
    d = f"{R.randint(0, 999999):06d}"
    suf = R.choice("ABCD") if valid or pre != "AB" else R.choice("EFXZ")
    r = R.random()
    if r < 0.55:
        s = f"{pre} {d[:2]} {d[2:4]} {d[4:]} {suf}"
    elif r < 0.85:
        s = f"{pre}{d}{suf}"
    else:
        s = f"{pre}{d} {suf}"
    return s.lower() if R.random() < 0.08 else s


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def ordinal(n):
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


def a_date(year_lo, year_hi, with_year=True):
    y, m, d = R.randint(year_lo, year_hi), R.randint(1, 12), R.randint(1, 28)
    if not with_year:
        return R.choice([f"{d} {MONTHS[m-1]}", f"{ordinal(d)} {MONTHS[m-1]}",
                         f"{MONTHS[m-1]} {ordinal(d)}", f"{ordinal(d)} of {MONTHS[m-1]}"])
    return R.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{y}",
                     f"{d:02d}-{m:02d}-{y}", f"{d}/{m}/{y % 100:02d}", f"{d} {MONTHS[m-1]} {y}",
                     f"{ordinal(d)} {MONTHS[m-1]} {y}", f"{d} {MONTHS[m-1][:3]} {y}",
                     f"{y}-{m:02d}-{d:02d}", f"{MONTHS[m-1]} {d}, {y}",
                     f"{ordinal(d)} of {MONTHS[m-1]} {y}"])


def dob():
    return a_date(1950, 2023)


STREETS = ["High", "Church", "Station", "Mill", "Victoria", "Albert", "Queen's", "St Mary's",
           "Rose", "Park", "Elm", "Beech", "Cemetery", "Harehills", "Chapeltown", "Gloucester",
           "Oakwood", "Kingsway", "Moor", "Westgate", "Primrose", "Cliff", "Regent", "Grange",
           "Ladybarn", "Cowley", "Fishponds", "Hope", "Windsor", "Brunswick", "Marsh",
           "Willow Tree", "Springfield", "Nelson", "Lord", "Canal"]
SUFFIXES = ["Road", "Street", "Avenue", "Close", "Lane", "Drive", "Way", "Crescent", "Gardens",
            "Terrace", "Place", "Court", "Grove", "Walk", "Row", "Square", "Mews", "Rise",
            "Rd", "St", "Ave", "View", "Parade", "Hill"]
TOWNS = ["Leeds", "Bristol", "Manchester", "London", "Birmingham", "Cardiff", "Glasgow",
         "Edinburgh", "Newcastle", "Liverpool", "Sheffield", "Nottingham", "Leicester",
         "Plymouth", "Belfast", "Aberdeen", "Hull", "York", "Oxford", "Swansea"]


def address():
    num = str(R.randint(1, 240))
    if R.random() < 0.12:
        num += R.choice("abAB")
    street = f"{num} {R.choice(STREETS)} {R.choice(SUFFIXES)}"
    r = R.random()
    if r < 0.2:
        return f"Flat {R.randint(1, 30)}, {street}"
    if r < 0.27:
        return f"Flat {R.randint(1, 9)}{R.choice('ABC')}, {street}"
    if r < 0.32:
        return f"Apartment {R.randint(1, 60)}, {street}"
    if r < 0.36:
        return f"{num}, {R.choice(STREETS)} {R.choice(SUFFIXES)}"
    return street


# --- documents --------------------------------------------------------------------------------
class Doc:
    def __init__(self, people):
        self.people = people

    # name forms; i indexes the people list
    def full(self, i):
        p = self.people[i]
        return lab("NAME", f"{p.given} {p.family}")

    def g(self, i):
        return lab("NAME", self.people[i].given)

    def lg(self, i):  # chat: lower case, sometimes a typo
        p = self.people[i]
        if R.random() < 0.08 and p.given in TYPO:
            return lab("NAME", TYPO[p.given].lower())
        return lab("NAME", p.given.lower())

    def any_g(self, i):
        p = self.people[i]
        r = R.random()
        if p.nick and r < 0.3:
            return lab("NAME", p.nick)
        if r < 0.35 and p.given in TYPO:
            return lab("NAME", TYPO[p.given])
        return lab("NAME", p.given)

    def poss(self, i):
        return lab("NAME", self.people[i].given) + R.choice(["'s", "’s"])

    def title(self, i):
        return R.choice(["Mrs", "Mr", "Ms", "Miss"]) + " " + lab("NAME", self.people[i].family)


def fill(tmpl, d):
    out = tmpl
    subs = {
        "{EMAIL}": lambda: lab("EMAIL", email(R.choice(d.people))),
        "{PHONE}": lambda: lab("PHONE", phone()),
        "{POSTCODE}": lambda: lab("POSTCODE", postcode()),
        "{NHS}": lambda: lab("NHS_NUMBER", nhs()),
        "{BADNHS}": lambda: nhs(valid=False),
        "{NI}": lambda: lab("NI_NUMBER", ni()),
        "{BADNI}": lambda: ni(valid=False),
        "{DOB}": lambda: lab("DATE_OF_BIRTH", dob()),
        "{BDAY}": lambda: lab("DATE_OF_BIRTH", a_date(2000, 2020, with_year=False)),
        "{DATE}": lambda: a_date(2023, 2025),
        "{ADDR}": lambda: lab("ADDRESS", address()),
        "{TOWN}": lambda: R.choice(TOWNS),
        "{ROLE}": lambda: R.choice(ROLES),
        "{AGE}": lambda: str(R.randint(2, 16)),
    }
    for k, f in subs.items():
        while k in out:
            out = out.replace(k, f(), 1)
    for i in range(len(d.people)):
        for form in ("full", "g", "lg", "any_g", "poss", "title"):
            key = "{" + form + str(i) + "}"
            while key in out:
                out = out.replace(key, getattr(d, form)(i), 1)
    return out


CALL = [
    "Caller {full0} rang about her {ROLE}'s behaviour at school.",
    "{g0} said {g1} has been staying with {title0}'s sister since the weekend.",
    "Best number to call back is {PHONE}, after 3pm only.",
    "{any_g0} asked us not to leave voicemails on {PHONE} as {g2} checks the phone.",
    "Email for letters: {EMAIL}.",
    "{g0} gave her email as {EMAIL} and asked for the leaflet on sleep.",
    "Address on file: {ADDR}, {TOWN} {POSTCODE}.",
    "The family have moved to {ADDR}, {TOWN}, {POSTCODE}; {g0} will bring proof of address.",
    "{any_g1}'s NHS number is {NHS} (confirmed with the GP surgery).",
    "NHS no. {NHS} for {g1}.",
    "{g1} was born on {DOB} and is in Year {AGE}.",
    "DOB {DOB}. Lives with {ROLE} and two siblings.",
    "Date of birth: {DOB}",
    "{g0} gave her National Insurance number as {NI} for the grant form.",
    "NI number {NI} (checked against the letter from DWP).",
    "{poss1} health visitor can be reached on {PHONE}.",
    "{full1} (d.o.b. {DOB}) is known to CAMHS.",
    "I hope things settle for {g0} and the children before the hearing on {DATE}.",
    "Will call {g0} back on {DATE} at 10:30; reference 2024/{AGE}117.",
    "{g0} mentioned she is £1,250 behind on rent and has a payment plan of £45 a week.",
    "{title0} asked whether we can write to the housing office at {EMAIL}.",
    "Postcode given as {POSTCODE}, which the caller said is the refuge's, so not recorded on the letter.",
    "{g0} said she'd rather be texted on {PHONE} than emailed.",
    "Mark the date of the review in the diary: {DATE}.",
    "{g2} is {poss0} {ROLE}; they share care on alternate weekends.",
    "Called the school on {PHONE} (main office) about {poss1} attendance, 78% this term.",
    "{g0} read out an NHS number of {BADNHS} but said she may have it wrong; GP to confirm.",
    "The letter quoted a reference of {BADNI}, which is not a valid National Insurance number.",
    "{g1}'s birthday is on {BDAY}, and {g0} is worried about affording a party.",
    "{full2} lives at {ADDR} and has been helping with school runs.",
]
CHAT = [
    "user: hi its {lg0} again, can u ring me on {PHONE}",
    "user: my email is {EMAIL} if thats easier",
    "user: {lg1} wont go to school again today",
    "user: me and {lg2} split up in march and hes still at the house",
    "user: we're at {ADDR} now, postcode {POSTCODE}",
    "user: hope thats ok, will {lg1} be able to come to the group",
    "user: {lg1} was born {DOB} so shes {AGE} now",
    "user: can u send it to {EMAIL} pls",
    "user: my nhs number is {NHS}",
    "user: ni number {NI} dont know if u need it",
    "user: the number on the letter is {BADNHS} is that right",
    "user: text me on {PHONE} after 6 x",
    "user: its {lg0} {PHONE}",
    "user: his bday is {BDAY}",
    "agent: Thanks {g0}, I've noted {PHONE} as the best number.",
    "agent: Hi {g0}, I can send the leaflet to {EMAIL}, is that right?",
    "agent: Is {g1} still at {ADDR}?",
    "agent: Could you confirm the postcode? Is it {POSTCODE}?",
    "user: yeah {POSTCODE}",
    "user: my postcode is {POSTCODE} by the way",
    "user: {lg2} keeps messaging me, he said he will come round tonight",
    "user: i rang 3 times today and its 20 mins each time",
    "user: ok thank u so much x",
    "agent: Please call our helpline on {PHONE} if you feel unsafe.",
]
CASE = [
    "{full0}, a lone parent from {TOWN}, first contacted the service in spring.",
    "{g0} and her {ROLE} {g1} had been living at {ADDR} since {g1} was a baby.",
    "Our worker met {g0} at the family hub; {poss0} main worry was {poss1} anxiety.",
    "\"I didn't know where to turn,\" {g0} told us. \"{g1} wasn't sleeping and neither was I.\"",
    "After six sessions {g1} was back in school three days a week.",
    "{any_g0} now volunteers with the peer group and can be reached through the office.",
    "{title0} wrote to thank the team, copying in her advocate at {EMAIL}.",
    "The referral from the health visitor gave {poss1} NHS number as {NHS} and the family's postcode as {POSTCODE}.",
    "{g2}, {poss0} {ROLE}, also joined two sessions.",
    "Grace and hope were the words {g0} used to describe the group.",
    "{full1}, born {DOB}, was referred by the school nurse.",
    "{g0} can be contacted on {PHONE} or at {EMAIL}.",
    "The case was opened on {DATE} and closed on {DATE}.",
    "In the end the Court granted the order and the family moved to {ADDR}, {POSTCODE}.",
    "{g0} ({NI}) was helped to claim the benefits she was entitled to.",
]
REFERRAL = [
    "Referral for: {full1}",
    "DOB: {DOB}",
    "NHS number: {NHS}",
    "Address: {ADDR}, {TOWN}, {POSTCODE}",
    "Parent/carer: {full0}, tel {PHONE}, email {EMAIL}",
    "Other adults in the household: {full2} ({ROLE})",
    "Referrer: health visitor, tel {PHONE}",
    "Parent's NI number: {NI}",
    "Reason: {g0} reports {g1} is withdrawn since the move; {g0} asked for parenting support.",
    "School: St Anne's Primary, Year {AGE}, office {PHONE}",
    "Consent to share: yes, given by {g0} on {DATE}.",
    "Contact: {EMAIL} / {PHONE}",
    "Previous address: {ADDR}, {POSTCODE}",
]
QUOTE = [
    "\"When {g1} was born on {DOB} I had nobody,\" said {g0}.",
    "\"You can put my number {PHONE} on the list for the next course,\" {g0} said.",
    "\"{g1} and {g2} are getting on so much better,\" {g0} told her worker.",
    "\"Email me at {EMAIL}, I never answer the phone,\" {g0} wrote.",
    "\"We live at {ADDR} now, it's a proper home,\" {g0} said.",
]
NEGATIVE = [
    "The group meets on Tuesdays at 10:30 in room 12; 14 families came last term.",
    "Invoice 4471 2209 1183 was paid on {DATE}.",
    "The grant was £12,000 over 3 years (ref 2023-118-4471).",
    "I will mark the forms and hope to return them by Friday.",
    "The rose garden at the centre was planted by volunteers in May.",
    "Dawn visits start at 7am at the contact centre.",
    "Call volumes rose by 18% between 2022 and 2023 (from 12,405 to 14,638).",
    "Staff ID 4471-22, version 10.4.2 of the case system.",
    "Sort code 60-16-13, account 31926819 (the centre's own account).",
    "Case C-7Q2M9KD was transferred to the county team on {DATE}.",
    "1 in 5 callers asked about housing; 3 way calls with interpreters took 45 minutes.",
    "She has 2 Court dates coming up and was seen 3 times in August.",
    "Order number 1234567890 from the stationery supplier arrived.",
    "The M25 was closed so the session started at 11:15.",
    "Training on {DATE} covered the 2018 Act and the UK GDPR.",
]


def doc(kind, idx):
    people = new_people(R.randint(2, 4))
    while len(people) < 3:
        people.append(new_people(1)[0])
    d = Doc(people)
    pool = {"call": CALL, "chat": CHAT, "case": CASE, "referral": REFERRAL, "quote": QUOTE}[kind]
    n = R.randint(4, 8)
    lines = R.sample(pool, min(n, len(pool)))
    if R.random() < 0.5:
        lines.insert(R.randint(0, len(lines)), R.choice(NEGATIVE))
    sep = "\n" if kind in ("chat", "referral") else " "
    text = sep.join(fill(t, d) for t in lines)
    header = "; ".join(p.header() for p in people)
    return f"=== {kind}-{idx:03d}\n@people {header}\n{text}\n"


def main():
    kinds = ["call"] * 5 + ["chat"] * 4 + ["case"] * 3 + ["referral"] * 3 + ["quote"]
    out = []
    for i in range(1, 261):
        out.append(doc(R.choice(kinds), i))
    print("# Generated by tests/anonymise/make_corpus.py; see docs/anonymisation.md.")
    print("\n".join(out), end="")


if __name__ == "__main__":
    main()
