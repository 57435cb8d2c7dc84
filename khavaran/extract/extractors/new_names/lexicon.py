"""Word lists the name patterns rely on: titles, role nouns, first names, organization words."""

from __future__ import annotations

# Titles and honorifics written before a person's name; the name's span leaves them out.
TITLES_EN = frozenset({
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "professor",
    "ayatollah", "grand ayatollah", "hojjatol-islam", "hojjatoleslam", "hojatoleslam",
    "hojjat ol-eslam", "sheikh", "seyed", "sayyid", "imam", "judge", "president",
    "supreme leader", "mullah", "haj", "hajj", "general", "colonel", "ambassador",
})  # fmt: skip
# Nouns for a role that a name follows ("the prosecutor Morteza Eshraghi", "his son, Ahmad").
ROLE_NOUNS_EN = frozenset({
    "director", "rapporteur", "prosecutor", "judge", "minister", "chief", "founder", "son",
    "daughter", "brother", "sister", "husband", "wife", "father", "mother", "uncle", "aunt",
    "cousin", "second-in-command", "leader", "scientist", "spokesman", "spokeswoman",
    "spokesperson", "official", "activist", "lawyer", "prisoner", "survivor", "witness",
    "researcher", "journalist", "cleric", "deputy", "head", "secretary", "chairman", "member",
    "representative", "commander", "interrogator", "guard", "warden", "victim", "friend",
    "cellmate", "student", "poet", "writer", "expert", "professor", "successor", "president",
})  # fmt: skip
# A capitalized run holding one of these words names an organization.
ORGANIZATION_WORDS_EN = frozenset({
    "international", "watch", "ministry", "council", "organization", "organisation", "court",
    "commission", "committee", "center", "centre", "party", "university", "agency", "nations",
    "union", "foundation", "institute", "office", "front", "army", "guards", "mojahedin",
    "justice", "network", "association", "society", "federation", "parliament", "assembly",
    "judiciary", "tribunal", "bureau", "service", "news", "times", "post", "press", "group",
})  # fmt: skip
# Lowercase words after a capitalized run that make it a place ("Vakilabad prison").
PLACE_NOUNS_EN = frozenset({"prison", "cemetery", "jail", "province", "city", "village"})
# Lowercase words after a capitalized run that make it an organization ("Tasnim news agency").
ORGANIZATION_NOUNS_EN = frozenset({"news", "agency", "newspaper", "daily", "website"})
# Prepositions after which a capitalized run is usually a place.
PLACE_PREPOSITIONS_EN = frozenset({"in", "at", "from", "near", "outside", "inside"})
MONTHS_EN = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
})  # fmt: skip
# Capitalized words that start sentences or headings without naming anyone.
COMMON_CAPITALIZED_EN = frozenset({
    "the", "a", "an", "in", "on", "at", "of", "for", "and", "but", "or", "he", "she", "it",
    "they", "we", "i", "my", "his", "her", "their", "our", "its", "this", "that", "these",
    "those", "there", "then", "when", "while", "after", "before", "since", "until", "as", "if",
    "according", "most", "many", "some", "all", "another", "other", "one", "two", "three",
    "thousands", "hundreds", "dozens", "tens", "relatives", "families", "organisers",
    "organizers", "officials", "prisoners", "survivors", "victims", "iranian", "iranians",
    "western", "islamic", "republic", "current", "former", "late", "even", "also", "only",
    "no", "not", "yes", "do", "are", "is", "was", "were", "your", "you", "what", "why", "how",
    "who", "where", "although", "however", "kind", "part", "chapter", "section", "note",
    "regime", "death", "massacre", "executions", "letter", "report", "statement", "us",
    "with", "by", "from", "to", "more", "less", "about", "between",
})  # fmt: skip
# Common Iranian (and a few other) first names in Latin script.
FIRST_NAMES_EN = frozenset({
    "ali", "hossein", "hassan", "hasan", "mohammad", "mohammed", "muhammad", "ahmad", "ahmed",
    "mahmoud", "mostafa", "mustafa", "morteza", "mehdi", "reza", "hamid", "majid", "said",
    "saeed", "ebrahim", "ibrahim", "ruhollah", "akbar", "ali-akbar", "esmail", "ismail",
    "jafar", "javad", "kazem", "karim", "abbas", "abdollah", "abolfazl", "amir", "asghar",
    "bahram", "behrouz", "bijan", "dariush", "davood", "ehsan", "farhad", "farshid", "fereydoun",
    "hadi", "hamed", "hamzeh", "heshmat", "iraj", "jalal", "jamshid", "kamran", "kaveh", "keyvan",
    "khalil", "manouchehr", "masoud", "mansour", "mohsen", "nader", "naser", "nasser", "omid",
    "parviz", "payam", "peyman", "rahim", "rasoul", "saman", "shahram", "siamak", "sohrab",
    "vahid", "yousef", "zahra", "maryam", "fatemeh", "parvin", "shirin", "mahnaz", "mehri",
    "nasrin", "azar", "leila", "laleh", "mina", "monireh", "nahid", "roya", "sara",
    "shadi", "simin", "soheila", "tahereh", "ziba", "mahin", "mitra", "manijeh",
    "hossein-ali", "ali-reza", "alireza", "mohammad-ali",
    "john", "david", "michael", "mary", "anne", "robert", "james", "peter", "maria",
    "kenneth", "nick", "philip", "ben", "emma", "sarah", "richard", "thomas", "paul",
})  # fmt: skip

# Persian: titles, first names, organization heads and the words that end a name.
TITLES_FA = frozenset(
    {
        "آیت‌الله",
        "آیت‌الله‌العظمی",
        "حجت‌الاسلام",
        "دکتر",
        "آقای",
        "خانم",
        "سید",
        "شیخ",
        "مهندس",
        "استاد",
    }
)
FIRST_NAMES_FA = frozenset({
    "علی", "حسین", "حسن", "محمد", "احمد", "محمود", "مصطفی", "مرتضی", "مهدی", "رضا", "حمید",
    "مجید", "سعید", "ابراهیم", "روح‌الله", "اکبر", "علی‌اکبر", "اسماعیل", "جعفر", "جواد",
    "کاظم", "کریم", "عباس", "عبدالله", "ابوالفضل", "امیر", "اصغر", "بهرام", "بهروز", "بیژن",
    "داریوش", "داوود", "احسان", "فرهاد", "فرشید", "فریدون", "هادی", "حامد", "ایرج", "جلال",
    "جمشید", "کامران", "کاوه", "خلیل", "منوچهر", "مسعود", "منصور", "محسن", "نادر", "ناصر",
    "امید", "پرویز", "رحیم", "رسول", "سامان", "شهرام", "سیامک", "سهراب", "وحید", "یوسف",
    "زهرا", "مریم", "فاطمه", "پروین", "شیرین", "مهناز", "مهری", "نسرین", "آذر", "لیدا",
    "لیلا", "لاله", "مینا", "منیره", "ناهید", "رویا", "سارا", "شادی", "سیمین", "سهیلا",
    "طاهره", "زیبا", "مهین", "میترا", "منیژه", "حسینعلی", "علیرضا", "محمدعلی",
    "غلامحسین", "غلامرضا", "اشرف", "فرخ", "هوشنگ", "کیومرث",
})  # fmt: skip
# Words that start an organization's name ("سازمان عفو بین‌الملل", "وزارت اطلاعات").
ORGANIZATION_HEADS_FA = frozenset({
    "سازمان", "وزارت", "مرکز", "کانون", "دیده‌بان", "دادگاه", "کمیته", "شورای", "حزب", "بنیاد",
    "انجمن", "دانشگاه", "کمیسیون", "دفتر", "جبهه", "سپاه", "نهاد", "مجمع", "اتحادیه",
})  # fmt: skip
# Descriptors written before an organization's name but not part of it ("خبرگزاری هرانا").
ORGANIZATION_DESCRIPTORS_FA = frozenset({"خبرگزاری", "روزنامه", "تارنمای", "وب‌سایت"})
# Words that start a place's name ("زندان عادل‌آباد"); the head is part of the name.
PLACE_HEADS_FA = frozenset({"زندان", "گورستان", "قبرستان", "استان", "شهرستان", "بند"})
# Function words and common verbs: a name never runs through them.
STOPWORDS_FA = frozenset({
    "در", "و", "به", "از", "را", "که", "با", "برای", "این", "آن", "بود", "است", "شد", "گفت",
    "اعلام", "نوشت", "کرد", "دارد", "داشت", "تا", "یا", "هم", "نیز", "او", "ما", "من", "شما",
    "آنها", "ایشان", "هیچ", "همه", "یک", "چند", "هر", "بر", "پس", "اما", "ولی", "اگر", "چون",
    "گزارشی", "گزارش", "سال", "روز", "ماه", "پیش", "پس‌از", "بعد", "قبل", "زمان", "هنگام",
    "گفته", "می‌گوید", "می‌گویند", "پرسید", "افزود", "بودند", "شدند", "است،", "هستم", "هست",
    "عضو", "معاون", "دادستان", "حاکم", "نماینده", "رهبر", "گزارشگر", "فرزند", "برادرم",
    "پدرم", "مادرم", "همسرم", "خواهرم", "دستگیر", "بازداشت", "اعدام", "دیدار", "درباره",
    "جلسات", "حکمی", "دستور", "وفادار", "حضور", "ویژه", "امور", "رفت", "رفتند", "آمد",
    "آمدند", "بردند", "کردند", "شده", "نشد", "نبود",
})  # fmt: skip
# News organizations often named alone ("Reuters reported").
NEWS_ORGANIZATIONS = frozenset({
    "Reuters", "AFP", "Agence France-Presse", "Associated Press", "BBC", "BBC Persian", "CNN",
    "Al Jazeera", "IRNA", "ISNA", "Tasnim", "Fars", "Mehr", "HRANA", "Radio Farda",
    "Voice of America", "Iran International", "Kayhan", "Etemad", "Shargh",
    "رویترز", "بی‌بی‌سی", "ایرنا", "ایسنا", "تسنیم", "هرانا", "رادیو فردا", "صدای آمریکا",
    "کیهان", "اعتماد", "شرق",
})  # fmt: skip
# Cities and provinces of Iran (both scripts): the pattern extractor's own small place list.
PLACES = frozenset({
    "Tehran", "Mashhad", "Isfahan", "Esfahan", "Shiraz", "Tabriz", "Ahvaz", "Qom", "Karaj",
    "Kermanshah", "Rasht", "Urmia", "Zahedan", "Hamadan", "Kerman", "Yazd", "Ardabil",
    "Bandar Abbas", "Arak", "Zanjan", "Sanandaj", "Qazvin", "Khorramabad", "Gorgan", "Sari",
    "Dezful", "Babol", "Semnan", "Ilam", "Bushehr", "Birjand", "Bojnurd", "Yasuj", "Shahrekord",
    "Khuzestan", "Kurdistan", "Khorasan", "Mazandaran", "Gilan", "Fars", "Lorestan", "Iran",
    "Iraq", "Geneva", "London", "Paris", "Berlin", "Stockholm", "The Hague", "New York",
    "تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "اهواز", "قم", "کرج", "کرمانشاه", "رشت",
    "ارومیه", "زاهدان", "همدان", "کرمان", "یزد", "اردبیل", "بندرعباس", "اراک", "زنجان",
    "سنندج", "قزوین", "خرم‌آباد", "گرگان", "ساری", "دزفول", "بابل", "سمنان", "ایلام", "بوشهر",
    "بیرجند", "بجنورد", "یاسوج", "شهرکرد", "خوزستان", "کردستان", "خراسان", "مازندران",
    "گیلان", "فارس", "لرستان", "ایران", "عراق", "ژنو", "لندن", "پاریس", "برلین", "لاهه",
})  # fmt: skip
