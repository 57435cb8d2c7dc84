"""Persian names, places and prisons in both scripts: the lexicon and the simulator's pool.

Each entry is (Persian spelling, the most common Iranian Latin spelling). The Latin spelling is
only a starting point: the simulator derives other transliteration habits from it.
"""

from __future__ import annotations

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("محمد", "mohammad"), ("علی", "ali"), ("حسین", "hossein"), ("حسن", "hassan"),
    ("رضا", "reza"), ("مهدی", "mehdi"), ("احمد", "ahmad"), ("محمود", "mahmoud"),
    ("جواد", "javad"), ("مجید", "majid"), ("مسعود", "masoud"), ("سعید", "saeed"),
    ("حمید", "hamid"), ("مصطفی", "mostafa"), ("مرتضی", "morteza"), ("عباس", "abbas"),
    ("اکبر", "akbar"), ("اصغر", "asghar"), ("ابراهیم", "ebrahim"), ("اسماعیل", "esmaeil"),
    ("یوسف", "yousef"), ("یعقوب", "yaghoub"), ("داوود", "davoud"), ("موسی", "mousa"),
    ("عیسی", "eisa"), ("کاظم", "kazem"), ("جعفر", "jafar"), ("صادق", "sadegh"),
    ("باقر", "bagher"), ("تقی", "taghi"), ("نقی", "naghi"), ("هادی", "hadi"),
    ("قاسم", "ghasem"), ("کریم", "karim"), ("رحیم", "rahim"), ("رحمان", "rahman"),
    ("عبدالله", "abdollah"), ("حبیب", "habib"), ("نادر", "nader"), ("ناصر", "naser"),
    ("منصور", "mansour"), ("بهروز", "behrouz"), ("بهرام", "bahram"), ("فرهاد", "farhad"),
    ("فریدون", "fereydoun"), ("پرویز", "parviz"), ("هوشنگ", "houshang"), ("جمشید", "jamshid"),
    ("کیومرث", "kioumars"), ("کوروش", "kourosh"), ("داریوش", "dariush"), ("سیاوش", "siavash"),
    ("بیژن", "bijan"), ("منوچهر", "manouchehr"), ("ایرج", "iraj"), ("شاهرخ", "shahrokh"),
    ("فرامرز", "faramarz"), ("فرزاد", "farzad"), ("فرشید", "farshid"), ("فریبرز", "fariborz"),
    ("کامران", "kamran"), ("کیوان", "keyvan"), ("امیر", "amir"), ("نوید", "navid"),
    ("وحید", "vahid"), ("سهراب", "sohrab"), ("رستم", "rostam"), ("اسفندیار", "esfandiar"),
    ("خسرو", "khosrow"), ("شهرام", "shahram"), ("شاپور", "shapour"), ("هرمز", "hormoz"),
    ("بهمن", "bahman"), ("اسد", "asad"), ("اسدالله", "asadollah"), ("روح‌الله", "rouhollah"),
    ("نعمت‌الله", "nematollah"), ("عزت‌الله", "ezzatollah"), ("حشمت‌الله", "heshmatollah"),
    ("فتح‌الله", "fathollah"), ("سیف‌الله", "seifollah"), ("نصرالله", "nasrollah"),
    ("ذبیح‌الله", "zabihollah"), ("غلامرضا", "gholamreza"), ("غلامحسین", "gholamhossein"),
    ("غلامعلی", "gholamali"), ("محمدرضا", "mohammad reza"), ("محمدعلی", "mohammad ali"),
    ("محمدحسین", "mohammad hossein"), ("محمدتقی", "mohammad taghi"), ("علیرضا", "alireza"),
    ("علی‌اکبر", "ali akbar"), ("علی‌اصغر", "ali asghar"), ("عبدالرضا", "abdolreza"),
    ("عبدالحسین", "abdolhossein"), ("حسینعلی", "hossein ali"), ("بهزاد", "behzad"),
    ("مهرداد", "mehrdad"), ("کاوه", "kaveh"), ("آرش", "arash"), ("پیمان", "peyman"),
    ("رامین", "ramin"), ("شهریار", "shahriar"), ("یدالله", "yadollah"), ("حجت", "hojjat"),
    ("ولی", "vali"), ("ولی‌الله", "valiollah"), ("جلال", "jalal"), ("کمال", "kamal"),
    ("جمال", "jamal"), ("رسول", "rasoul"), ("مختار", "mokhtar"), ("ابوالقاسم", "abolghasem"),
    ("ابوالفضل", "abolfazl"), ("اسحاق", "eshagh"), ("یحیی", "yahya"), ("ایوب", "ayoub"),
    ("هاشم", "hashem"), ("نصرت", "nosrat"), ("عزیز", "aziz"), ("غفور", "ghafour"),
    ("صمد", "samad"), ("لطف‌الله", "lotfollah"), ("سلمان", "salman"), ("سلیمان", "soleiman"),
    ("حیدر", "heydar"), ("شکرالله", "shokrollah"), ("نورالله", "nourollah"), ("محسن", "mohsen"),
    ("مهران", "mehran"), ("امید", "omid"), ("بهنام", "behnam"), ("فرخ", "farrokh"),
    ("شهاب", "shahab"), ("کیانوش", "kianoush"), ("اردشیر", "ardeshir"), ("تورج", "touraj"),
    ("فاطمه", "fatemeh"), ("زهرا", "zahra"), ("مریم", "maryam"), ("اشرف", "ashraf"),
    ("معصومه", "masoumeh"), ("شهلا", "shahla"), ("مهین", "mahin"), ("پروین", "parvin"),
    ("فرشته", "fereshteh"), ("نسرین", "nasrin"), ("سیمین", "simin"), ("طاهره", "tahereh"),
    ("منیره", "monireh"), ("رقیه", "roghayeh"), ("سکینه", "sakineh"), ("اعظم", "azam"),
    ("شیرین", "shirin"), ("ژیلا", "zhila"), ("لیلا", "leila"), ("مینا", "mina"),
    ("سهیلا", "soheila"), ("منیژه", "manijeh"), ("زینب", "zeynab"), ("فریبا", "fariba"),
)  # fmt: skip

# Stems that family names are built from, with a suffix (Ahmadi, Ahmadzadeh, Ahmadpour ...).
FAMILY_STEMS: tuple[tuple[str, str], ...] = (
    ("احمد", "ahmad"), ("محمد", "mohammad"), ("حسین", "hossein"), ("حسن", "hassan"),
    ("رضا", "reza"), ("کریم", "karim"), ("رحیم", "rahim"), ("جعفر", "jafar"),
    ("کاظم", "kazem"), ("صادق", "sadegh"), ("باقر", "bagher"), ("قاسم", "ghasem"),
    ("عباس", "abbas"), ("ابراهیم", "ebrahim"), ("اسماعیل", "esmaeil"), ("یوسف", "yousef"),
    ("نور", "nour"), ("امین", "amin"), ("شریف", "sharif"), ("آزاد", "azad"), ("نیک", "nik"),
    ("مهر", "mehr"), ("دهقان", "dehghan"), ("نجف", "najaf"), ("صالح", "saleh"),
    ("کمال", "kamal"), ("جلال", "jalal"), ("منصور", "mansour"), ("ناصر", "naser"),
    ("حبیب", "habib"), ("خلیل", "khalil"), ("جمال", "jamal"), ("اکبر", "akbar"),
    ("اصغر", "asghar"), ("قربان", "ghorban"), ("رمضان", "ramezan"), ("شعبان", "shaban"),
    ("رجب", "rajab"), ("تهران", "tehran"), ("تبریز", "tabriz"), ("شیراز", "shiraz"),
    ("اصفهان", "esfahan"), ("کرمان", "kerman"), ("رشت", "rasht"), ("قزوین", "ghazvin"),
    ("زنجان", "zanjan"), ("همدان", "hamedan"), ("اردبیل", "ardabil"), ("یزد", "yazd"),
    ("کاشان", "kashan"), ("لاهیج", "lahij"), ("بهبهان", "behbahan"), ("دزفول", "dezful"),
    ("شوشتر", "shoushtar"), ("سبزوار", "sabzevar"), ("نیشابور", "neyshabour"),
    ("گیلان", "gilan"), ("مازندران", "mazandaran"), ("خراسان", "khorasan"),
    ("فرهاد", "farhad"), ("بهرام", "bahram"), ("رستم", "rostam"), ("سهراب", "sohrab"),
    ("جهان", "jahan"), ("شاه", "shah"), ("خان", "khan"), ("بیگ", "beyg"), ("آقا", "agha"),
    ("ملک", "malek"), ("سلطان", "soltan"), ("امیر", "amir"), ("وزیر", "vazir"),
    ("طاهر", "taher"), ("فاضل", "fazel"), ("عادل", "adel"), ("کاظمین", "kazemein"),
    ("زمان", "zaman"), ("قلی", "gholi"), ("مشهد", "mashhad"), ("نوروز", "nowrouz"),
    ("بابا", "baba"), ("آهن", "ahan"), ("زر", "zar"), ("گل", "gol"), ("باغ", "bagh"),
    ("کوه", "kouh"), ("دریا", "darya"), ("آسمان", "asman"), ("مهتاب", "mahtab"),
    ("شمس", "shams"), ("قمر", "ghamar"), ("ستار", "sattar"), ("غفار", "ghaffar"),
    ("جبار", "jabbar"), ("رحمت", "rahmat"), ("نعمت", "nemat"), ("عزت", "ezzat"),
)  # fmt: skip

# (Persian suffix, Latin suffix, whether Persian writes it apart with a ZWNJ).
FAMILY_SUFFIXES: tuple[tuple[str, str, bool], ...] = (
    ("ی", "i", False), ("زاده", "zadeh", True), ("پور", "pour", False),
    ("نیا", "nia", False), ("فر", "far", False), ("نژاد", "nejad", True),
    ("یان", "ian", False), ("لو", "lou", False), ("وند", "vand", False),
    ("خانی", "khani", False), ("آبادی", "abadi", True), ("کیا", "kia", False),
)  # fmt: skip

# Family names that are not stem plus suffix.
FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("موسوی", "mousavi"), ("حسینی", "hosseini"), ("طباطبایی", "tabatabaei"),
    ("رضایی", "rezaei"), ("کاظمی", "kazemi"), ("علوی", "alavi"), ("رضوی", "razavi"),
    ("هاشمی", "hashemi"), ("جعفری", "jafari"), ("میرزایی", "mirzaei"), ("مرادی", "moradi"),
    ("صالحی", "salehi"), ("نوری", "nouri"), ("قاسمی", "ghasemi"), ("عسگری", "asgari"),
    ("کرمی", "karami"), ("فرجی", "faraji"), ("یزدانی", "yazdani"), ("شجاعی", "shojaei"),
    ("سلیمانی", "soleimani"), ("زارعی", "zarei"), ("بهرامی", "bahrami"), ("عزیزی", "azizi"),
    ("خسروی", "khosravi"), ("رحمانی", "rahmani"), ("اسدی", "asadi"), ("ملکی", "maleki"),
)  # fmt: skip

CITIES: tuple[tuple[str, str], ...] = (
    ("تهران", "tehran"), ("تبریز", "tabriz"), ("مشهد", "mashhad"), ("اصفهان", "esfahan"),
    ("شیراز", "shiraz"), ("اهواز", "ahvaz"), ("کرمانشاه", "kermanshah"), ("رشت", "rasht"),
    ("ارومیه", "orumiyeh"), ("همدان", "hamedan"), ("کرمان", "kerman"), ("قزوین", "ghazvin"),
    ("زنجان", "zanjan"), ("اراک", "arak"), ("ساری", "sari"), ("گرگان", "gorgan"),
    ("سنندج", "sanandaj"), ("بابل", "babol"), ("دزفول", "dezful"), ("خرم‌آباد", "khorramabad"),
    ("یزد", "yazd"), ("قم", "ghom"), ("کاشان", "kashan"), ("لاهیجان", "lahijan"),
    ("آمل", "amol"), ("مسجد سلیمان", "masjed soleiman"), ("بندرعباس", "bandar abbas"),
)  # fmt: skip

# Prisons, and the city each stands in (index into CITIES).
PRISONS: tuple[tuple[str, str, int], ...] = (
    ("اوین", "evin", 0), ("گوهردشت", "gohardasht", 0), ("قزل‌حصار", "ghezel hesar", 0),
    ("تبریز", "tabriz", 1), ("وکیل‌آباد", "vakilabad", 2), ("دستگرد", "dastgerd", 3),
    ("عادل‌آباد", "adelabad", 4), ("سپیدار", "sepidar", 5), ("دیزل‌آباد", "dizelabad", 6),
    ("لاکان", "lakan", 7), ("ارومیه", "orumiyeh", 8), ("همدان", "hamedan", 9),
    ("کرمان", "kerman", 10), ("قزوین", "ghazvin", 11), ("زنجان", "zanjan", 12),
    ("اراک", "arak", 13), ("ساری", "sari", 14), ("گرگان", "gorgan", 15),
    ("سنندج", "sanandaj", 16), ("بابل", "babol", 17), ("دزفول", "dezful", 18),
    ("خرم‌آباد", "khorramabad", 19),
)  # fmt: skip
