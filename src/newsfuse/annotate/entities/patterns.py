"""Titles, role nouns and the surface patterns the entity phases match.

Every pattern here was written against a construction seen in news text; the phase that
uses it says which. After changing one, re-run ``newsfuse eval`` on the dev clusters and
``tests/annotate/test_entities.py``.
"""

from __future__ import annotations

import re

# Titles, ranks and offices, longest first so "Lt. Gen." wins over "Gen.".
TITLES = sorted(
    [
        "Gen.",
        "Lt. Gen.",
        "Maj. Gen.",
        "Brig. Gen.",
        "Lt. Col.",
        "Col.",
        "Maj.",
        "Capt.",
        "Lt.",
        "Sgt.",
        "Adm.",
        "Vice Adm.",
        "Rear Adm.",
        "Cmdr.",
        "Cpl.",
        "Pvt.",
        "General",
        "Lieutenant General",
        "Major General",
        "Brigadier General",
        "Lieutenant Colonel",
        "Colonel",
        "Major",
        "Captain",
        "Lieutenant",
        "Sergeant",
        "Admiral",
        "Commander",
        "Field Marshal",
        "Marshal",
        "Brigadier",
        "President",
        "Vice President",
        "Prime Minister",
        "Deputy Prime Minister",
        "Minister",
        "Foreign Minister",
        "Defense Minister",
        "Defence Minister",
        "Interior Minister",
        "Finance Minister",
        "Health Minister",
        "Energy Minister",
        "Secretary",
        "Secretary of State",
        "Secretary of Defense",
        "Defense Secretary",
        "Foreign Secretary",
        "Home Secretary",
        "Secretary-General",
        "Secretary General",
        "Chancellor",
        "Premier",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Crown Prince",
        "Sheikh",
        "Emir",
        "Ayatollah",
        "Governor",
        "Gov.",
        "Mayor",
        "Senator",
        "Sen.",
        "Rep.",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Ambassador",
        "Judge",
        "Justice",
        "Chief Justice",
        "Speaker",
        "Chairman",
        "Chairwoman",
        "Chief Executive",
        "CEO",
        "Director",
        "Commissioner",
        "Spokesman",
        "Spokeswoman",
        "Spokesperson",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Mr",  # British style, no full stop: "Mrs May"
        "Mrs",
        "Ms",
        "Dr",
        "Sir",
        "Dame",
        "Prof.",
        "Professor",
        "Pope",
        "Cardinal",
        "Archbishop",
        "Bishop",
        "Rev.",
        "Imam",
        "Rabbi",
        "Detective",
        "Inspector",
        "Chief",
        "Prosecutor",
        "Chief Prosecutor",
        "Treasurer",
        "Attorney General",
        "Editor-in-Chief",
        "First Minister",
        "Police Chief",
        "Mayor-elect",
        "President-elect",
        "opposition leader",
    ],
    key=len,
    reverse=True,
)
# Ranks also appear in lower case after a modifier: "retired US Army colonel".
LOWER_RANKS = [
    "general",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "admiral",
    "commander",
    "brigadier",
    "lieutenant colonel",
    "lieutenant general",
    "major general",
    "brigadier general",
]
TITLE_RE = "|".join(re.escape(t) for t in sorted([*TITLES, *LOWER_RANKS], key=len, reverse=True))
# Up to four capitalised/adjectival modifiers before a title: "Iraqi", "US Army",
# "retired US Army". Lower-case "retired", "former", "acting" are kept.
_MOD = r"(?:(?:[Rr]etired|[Ff]ormer|[Aa]cting|[Ii]nterim|[Dd]eputy|then-|[Vv]eteran|top)\s+|[A-Z][\w.'\-]*\s+){0,4}?"
PRE_TITLE = re.compile(rf"(?<![\w.])(?P<role>{_MOD}(?P<title>{TITLE_RE}))\s+$")
# "<Org words> fellow|analyst|... Name": a role noun right before the name.
ROLE_NOUNS = (
    "fellow|analyst|researcher|expert|spokesman|spokeswoman|spokesperson|official|director|"
    "economist|professor|scholar|strategist|adviser|advisor|negotiator|envoy|lawyer|"
    "commander|leader|chief|founder|president|chairman|executive|editor|correspondent|"
    "head|minister|secretary|manager|governor|mayor|prosecutor|ambassador|officer|member|"
    "architect|engineer|writer|reporter|chairwoman|spokesperson|deputy|candidate|host|anchor|"
    "columnist|commentator|pollster|consultant|attorney|aide|activist|delegate|treasurer"
)
ROLE_WORDS = frozenset(ROLE_NOUNS.split("|"))
PRE_ROLE = re.compile(
    rf"(?<![\w.])(?P<role>(?:[A-Z][\w.'\-]*\s+(?:(?:for|of|on|and|the|a|an|de)\s+){{0,2}}){{1,7}}"
    rf"(?:[a-z]+\s+){{0,2}}(?:{ROLE_NOUNS}))\s+$"
)
# "Its political leader, Bertrand Kazadi," / "Kenya's foreign minister, Grace Wambui,":
# a role phrase and a comma right before the name (or before its title).
PRE_APPOS = re.compile(
    r"(?:^|(?<=[\s(“\"]))(?P<role>(?:(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+|"
    r"[A-Z][\w.\-]*(?:'s|’s)\s+)(?:[a-z][\w\-'’]*\s+){0,4}(?:"
    + ROLE_NOUNS
    + r"|[a-z]+(?:er|or|ist|ian|crat))"
    # "The top bureaucrat in the island nation's defence ministry, X"
    + r"(?:\s+(?:in|of|at|for|with)\s+(?:[\w\-'’]+\s+){0,5}?[\w\-'’]+)?),\s+$"
)
# "police spokesman X", "deputy transport minister X": lower-case words and a role noun
# right before the name.
_NOT_MODIFIER = (
    r"(?:said|says|told|tells|and|or|the|a|an|of|to|by|with|for|from|as|at|in|on|that|when|"
    r"while|after|before|added|according|is|was|were|are|be|been|has|had|have|but|its|his|"
    r"her|their|our|says|asked|named|called|including|like)"
)
PRE_ROLE_LOWER = re.compile(
    rf"(?<![\w\-’'])(?P<role>(?:(?!{_NOT_MODIFIER}\s)[a-z][\w\-]*\s+){{1,2}}(?:{ROLE_NOUNS}))\s+$"
)
# ", Pfizer’s senior vice president of clinical development," after a name.
POST_ROLE_OWNER = re.compile(
    r"^,\s+(?P<role>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2}(?:'s|’s)\s+(?:[a-z][\w\-]*\s+){0,3}"
    r"(?:"
    + ROLE_NOUNS
    + r")\b.{0,120}?)"
    + r"(?=\s*(?:[,;:()“”\"]|\.(?:\s|$)|\s+(?:said|says|told|added|warned)\b)|$)"
)
AGE_APPOSITION = re.compile(r",\s+\d{1,3}(?=,)")  # "Dhami Brandy, 13, who was killed"
# "Green party’s Caroline Lucas": the owner before a name is the person's party or employer.
OWNER_BEFORE = re.compile(
    r"(?<![\w\-])(?P<owner>[A-Z][\w\-&]*(?:[ \u00a0][A-Z][\w\-&]*){0,2}(?:[ \u00a0]party)?)"
    r"(?:'s|’s)[ \u00a0]+$"
)
# ", the spokesman for ..." / ", an official with ..." / ", who was top spokesman ..."
# A role ends at a comma, a bracket, a quote, a full stop (not that of "St.", "Dr." or an
# initial as in "U.S.") or the verb of saying.
_STOP = (
    r"(?=\s*(?:[,;:()“”\"]|(?<!\b(?:St|Mt|Ft|Dr|Jr|Sr|Mr|Ms|No))(?<!\b[A-Z])\.(?:\s|$)|"
    r"\s+(?:said|says|told|added|warned)\b)|$)"
)
POST_ROLE = re.compile(
    r"^,\s+(?P<role>(?:(?:the|a|an|one of the|who (?:is|was|has been|had been|served as|"
    r"[a-z]+s|[a-z]+ed))\s|(?:[a-z][\w\-]*\s+){0,2}(?:" + ROLE_NOUNS + r")\b).{3,160}?)" + _STOP
)
# "leader of the opposition Jeremy Corbyn": a lower-case role phrase right before the name.
PRE_ROLE_OF = re.compile(
    rf"(?<![\w\-])(?P<role>(?:{ROLE_NOUNS})\s+(?:of|for|at)\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+){{0,3}})\s+$"
)
POST_OF = re.compile(r"^\s+(?P<role>(?:of|from|at|with)\s+(?:the\s+)?[A-Z].{2,120}?)" + _STOP)
TRAILING_DATES = re.compile(r"\s+(?:between|from|since|in|until)\s+\d{4}.*$")
ORG_WORDS = re.compile(
    r"\b(?:Brigade|Brigades|Forces|Force|Front|Army|Party|Ministry|Department|Council|Agency|"
    r"Group|Movement|Organi[sz]ation|Union|Bank|Company|Corp|Corporation|Inc|Ltd|Center|"
    r"Centre|Institute|University|Committee|Commission|Government|Administration|Coalition|"
    r"Militia|Militias|Guard|Guards|Police|Court|Parliament|Congress|Senate|Units|Battalion|"
    r"Regiment|Division|Corps|Office|Service|Services|Authority|Federation|League|Association|"
    r"Foundation|Fund|Network|Alliance|Command|Navy|Air Force|Times|Post|News|Press|Holdings|"
    r"Industries|Airlines|Airways|Society|Societies|Trust|Partners|Pharmaceuticals?|Laboratories|"
    r"Bureau|Board|Assembly|Ministries|Institution|Exchange|Cooperative|Hospital|Clinic|"
    r"School|College|Academy)\b"
)
# Head words of buildings, structures and roads: not organizations, not people (gold
# leaves facilities out: "Cinnamon Grand Hotel", "St. Sebastian's Church", "A10").
FACILITY_WORDS = (
    r"Hotel|Church|Cathedral|Basilica|Mosque|Temple|Shrine|Synagogue|Bridge|Viaduct|"
    r"Airport|Station|Stadium|Arena|Tower|Towers|Mall|Square|Street|Road|Avenue|Boulevard|"
    r"Highway|Motorway|Expressway|Building|Port|Harbou?r|Dam|Tunnel|House"
)
FACILITY_HEAD = re.compile(rf"(?:^|\s)(?:{FACILITY_WORDS})$")
# "the St. Brendan's" tagged ORG before "Church": the name goes on into a building.
FACILITY_AFTER = re.compile(rf"(?:'s|’s)?[ \u00a0]+(?:{FACILITY_WORDS})\b")
# ", a cement-making town on the Surma": the name before it is a place, not a group.
PLACE_APPOSITION = re.compile(
    r",[ \u00a0]+an?[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,3}?(?:town|city|village|hamlet|district|"
    r"province|port|suburb|county|island|neighbou?rhood|region|municipality)"
    r"(?=[,.;:]|[ \u00a0]+(?:on|in|of|near|at|by|along|outside|north|south|east|west|where|"
    r"that|which|with|about|some)\b|[ \u00a0]+\d)"  # not "a port operator", "a city council"
)
ROAD_CODE = re.compile(r"[A-Z]{1,2}-?\d{1,4}")  # "A10", "M25", "I-95": roads, not groups
# Names of laws, treaties and deals end in these words: not organizations.
LAW_HEAD = re.compile(r"\s(?:Act|Bill|Treaty|Accord|Accords|Agreement|Deal|Plan|Law|Charter)$")
# Words the model often tags as a name that name no actor: events, diseases, campaigns.
NOT_ACTORS = frozenset(
    {
        "brexit",
        "covid",
        "covid-19",
        "covid19",
        "coronavirus",
        "sars-cov-2",
        "ebola",
        "zika",
        "mers",
        "sars",
        "hiv",
        "aids",
        "internet",
        "authorization",
    }
)
# "Frenchman", "Congresswoman", "Chairman": a person described, never a group's name.
PERSON_NOUN = re.compile(
    r"(?:French|English|Dutch|Irish|Scots|Welsh|Country|Congress|Chair|Spokes|Business|"
    r"Police|Gun|Fisher|Sales|Anchor)(?:man|men|woman|women)",
    re.I,
)
# Common nouns that sentence-initial capitals glue onto a name ("Motorist Alessandro
# Megna told ..."): the name starts after them.
DESCRIPTOR_NOUNS = frozenset(
    {
        "motorist",
        "witness",
        "resident",
        "driver",
        "survivor",
        "passenger",
        "pilot",
        "doctor",
        "nurse",
        "teacher",
        "student",
        "farmer",
        "activist",
        "lawmaker",
        "billionaire",
        "actor",
        "actress",
        "singer",
        "businessman",
        "businesswoman",
        "shopkeeper",
        "firefighter",
        "rescuer",
        "volunteer",
        "victim",
        "neighbour",
        "neighbor",
        "journalist",
        "photographer",
        "historian",
        "author",
        "novelist",
        "voter",
        "protester",
        "worker",
        "employee",
        "owner",
        "father",
        "mother",
        "son",
        "daughter",
        "brother",
        "sister",
        "wife",
        "husband",
        "widow",
        "colleague",
        "friend",
    }
)
LED_COALITION = re.compile(r"\b(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)-led coalition\b")
ADMINISTRATION = re.compile(r"\b[A-Z][a-z]+ administration\b")
ALSO_KNOWN = re.compile(
    r",?\s+(?:also known as|known as|formerly|a\.k\.a\.?|(?:which |who )?(?:also )?calls? itself)\s+(?:the\s+)?(?P<alias>[A-Z][\w'\- ]{1,60}?)(?=[,.;)]|$)"
)
ANOTHER_NAME = re.compile(
    r"(?:using|with) (?:another|an alternate|an alternative|a different) (?:name|acronym) "
    r"for (?:the )?(?P<target>[A-Z][\w'\- ]{1,60}?)(?=[,.;]|$)"
)
TITLE_AFTER = re.compile(
    r"^[ \u00a0]+(?:Minister|Secretary|Ministry|Department|Commissioner|Director|Chief)\b"
)
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}
MAX_NAME_TOKENS = 6

SPEAKS_AFTER = re.compile(r"^,?\s+(?:said|says|told|added|reported|wrote|warned|asked)\b")
SPEAKS_BEFORE = re.compile(r"\b(?:said|says|told|added|warned|as)\s+$")
HONORIFICS = frozenset(
    {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Rev.", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame"}
)
TITLE_WORDS = frozenset(
    w.lower().rstrip(".") for t in TITLES for w in t.split() if w[0].isupper() and len(w) > 1
) - {"chief", "state", "defense", "defence", "health", "energy", "home"}
# Titles written as capitals before a surname ("AG Mukasey", "VP Biden"): a leading
# word of a name that is no part of it. Not in TITLES: "AG" also ends company names.
TITLE_ABBREVIATIONS = frozenset({"ag", "vp", "da", "pm"})
PLACE_MIN_POPULATION = 10_000  # a one-word name of a town this size is read as the town
PERSON_SHAPE = re.compile(
    r"^[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)?(?: (?:van |de |al-)?[A-Z][a-zà-ÿ'\-]+){1,2}$"
)
PERSON_AFTER = re.compile(
    rf"^(?:,\s+(?:the|a|an)\s+(?:[a-z]+\s+){{0,2}}(?:{ROLE_NOUNS}|minister|mayor|secretary|governor)"
    r"|,?\s+(?:said|says|told|added|warned|who)\b)"
)
# One capitalized form per title, so "colonel Steve Warren" and "Col. Steve Warren" carry
# the same title across articles (issue #9). Keys are lower case.
TITLE_FORMS = {
    "gen.": "General",
    "lt. gen.": "Lieutenant General",
    "maj. gen.": "Major General",
    "brig. gen.": "Brigadier General",
    "lt. col.": "Lieutenant Colonel",
    "col.": "Colonel",
    "maj.": "Major",
    "capt.": "Captain",
    "lt.": "Lieutenant",
    "sgt.": "Sergeant",
    "adm.": "Admiral",
    "vice adm.": "Vice Admiral",
    "rear adm.": "Rear Admiral",
    "cmdr.": "Commander",
    "cpl.": "Corporal",
    "pvt.": "Private",
    "gov.": "Governor",
    "sen.": "Senator",
    "rep.": "Representative",
    "prof.": "Professor",
    **{r: " ".join(w.capitalize() for w in r.split()) for r in LOWER_RANKS},
}

# Cues that the capitalized name next to them is an organization (issue #9).
_CAP = r"[A-Z][\w\-&]*"
_CAPS = rf"{_CAP}(?:[ \u00a0]{_CAP}){{0,3}}"
ORG_HEADS = (
    r"Brigades?|Forces?|Front|Army|Party|Ministry|Department|Council|Agency|Movement|"
    r"Organi[sz]ation|Union|Bank|Company|Corporation|Center|Centre|Institute|University|"
    r"Committee|Commission|Coalition|Militias?|Guards?|Police|Court|Parliament|Senate|"
    r"Battalion|Regiment|Corps|Office|Authority|Federation|League|Association|Foundation|"
    r"Fund|Network|Alliance|Command|Navy|Holdings|Industries|Airlines|Airways|Society|Trust|"
    r"Pharmaceuticals?|Laboratories|Bureau|Board|Assembly|Exchange|Group|Hospital|Clinic|"
    r"School|College|Academy|Inc\.?|Ltd\.?|"
    r"Corp\.?|Plc|PLC|LLC|AG|SA"
)
# "5-Star Movement", "Center for a New American Security", "John Keells Holdings".
# A lookahead on the first character a match can start with (every alternative's) rejects
# the other positions at once: the same matches, found faster.
ORG_PHRASE = re.compile(
    r"(?=[A-Z0-9])"
    rf"(?<![\w\-’'])(?P<name>(?:(?:[A-Z][a-z]*(?:ren|men|ple)['’]s|[A-Z0-9][\w\-&.]*)[ \u00a0]+){{0,4}}"
    rf"(?:{ORG_HEADS})"
    rf"(?:[ \u00a0]+(?:for|of|on)[ \u00a0]+(?:a[ \u00a0]+|an[ \u00a0]+|the[ \u00a0]+)?{_CAP}"
    rf"(?:[ \u00a0]+(?:and[ \u00a0]+)?{_CAP}){{0,4}})?)(?![\w\-])"
)
LEADING_FUNCTION_WORD = re.compile(
    r"^(?:The|A|An|In|On|At|But|And|For|When|While|After|Before|As|If|Under|With|By|From)[ \u00a0]+"
)
# "company Pfizer", "German biotechnology firm BioNTech", "militant group Hamas".
ORG_DESCRIPTOR = re.compile(
    r"\b(?:company|firm|giant|drugmaker|carmaker|automaker|maker|manufacturer|conglomerate|"
    r"retailer|lender|insurer|airline|carrier|startup|start-up|group|broadcaster|newspaper|"
    r"daily|agency|organi[sz]ation|network|channel|outlet|collaborator|subsidiary|"
    rf"operator|publisher|militia|faction)[ \u00a0]+(?P<name>{_CAPS})"
)
# "La7 television", "RAI state radio", "state broadcaster RAI", "said on SkyNews24",
# "in a Facebook post".
MEDIA_CUE = re.compile(
    r"(?=[A-Zbncstwpai])"  # the first letters of the alternatives below
    rf"(?:(?P<a>{_CAPS})[ \u00a0]+(?:state[ \u00a0]+|public[ \u00a0]+|national[ \u00a0]+)?"
    r"(?:television|TV|radio|newspaper|broadcaster|news[ \u00a0]+agency)\b"
    rf"|\b(?:broadcaster|news[ \u00a0]+agency|newspaper|channel)[ \u00a0]+(?P<b>{_CAPS})"
    rf"|\b(?:said|told|wrote|posted|announced|appeared)[ \u00a0]+on[ \u00a0]+(?P<c>{_CAP})(?![ \u00a0][A-Z])"
    rf"|\bin[ \u00a0]+an?[ \u00a0]+(?P<d>{_CAP})[ \u00a0]+(?:post|tweet|video|live|broadcast)\b)"
)
# "Pfizer’s senior vice president", "Takeda's chief executive": the owner of an office.
POSSESSIVE_OFFICE = re.compile(
    rf"(?<![\w\-])(?P<name>{_CAPS})(?:'s|’s)[ \u00a0]+(?:[a-z\-]+[ \u00a0]+){{0,3}}"
    r"(?:spokesman|spokeswoman|spokesperson|chief executive|executive|chairman|chairwoman|"
    r"president|vice president|director|board|shares|stock|chief|head|founder|employees|staff|"
    r"headquarters|subsidiary|unit|board|shareholders|investors|offer|bid|takeover)\b"
)
# "Pfizer and its collaborator BioNTech".
AND_ITS = re.compile(rf"(?<![\w\-])(?P<name>{_CAPS})[ \u00a0]+and[ \u00a0]+its\b")
ITS_PARTNER = re.compile(
    r"(?=i)\bits[ \u00a0]+(?:[a-z\-]+[ \u00a0]+){0,2}(?:collaborator|partner|rival|subsidiary|parent|"
    rf"unit|affiliate)[ \u00a0]+(?P<name>{_CAPS})"
)
# "two local groups, Northern Jamaat and Kivu Union": the names a plural introduces.
ORG_LIST = re.compile(
    r"\b(?:groups|organi[sz]ations|parties|companies|firms|militias|agencies|broadcasters|"
    r"banks|factions|movements)[ \u00a0]*[,:][ \u00a0]+"
    rf"(?P<list>{_CAPS}(?:,[ \u00a0]+{_CAPS})*,?[ \u00a0]+and[ \u00a0]+{_CAPS})"
)
LIST_SPLIT = re.compile(r",?[ \u00a0]+and[ \u00a0]+|,[ \u00a0]+")
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december today tonight".split()
)
# "a KLF commander who gave his name only as Muhindo": a person who goes by one name.
NAMED_ONLY_AS = re.compile(
    r"(?:\b(?:an?|the)[ \u00a0]+(?P<role>[\w\- ]{2,60}?)[ \u00a0]+who[ \u00a0]+)?"
    r"\b(?:gave|gives|give)[ \u00a0]+(?:his|her|their)[ \u00a0]+(?:first[ \u00a0]+)?name[ \u00a0]+"
    r"(?:only[ \u00a0]+)?as[ \u00a0]+(?P<name>[A-Z][\w'\-]+)"
    r"|\b(?:identified|known)[ \u00a0]+only[ \u00a0]+as[ \u00a0]+(?P<name2>[A-Z][\w'\-]+)"
)
