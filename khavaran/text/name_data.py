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

# Rarer given names (Shahnameh, Arabic, Turkic and modern Persian), after the common ones above.
RARE_GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("بابک", "babak"), ("آبتین", "abtin"), ("برزین", "barzin"), ("داراب", "darab"),
    ("ارژنگ", "arzhang"), ("بزرگمهر", "bozorgmehr"), ("جاوید", "javid"), ("نیما", "nima"),
    ("مازیار", "maziar"), ("اسکندر", "eskandar"), ("گودرز", "goudarz"), ("گشتاسب", "goshtasb"),
    ("کیخسرو", "keykhosrow"), ("کیقباد", "keyghobad"), ("هومن", "houman"), ("بردیا", "bardia"),
    ("آرمان", "arman"), ("پدرام", "pedram"), ("پوریا", "pouria"), ("سینا", "sina"),
    ("کامبیز", "kambiz"), ("فرشاد", "farshad"), ("فرید", "farid"), ("مجتبی", "mojtaba"),
    ("عبدالرحیم", "abdolrahim"), ("عبدالکریم", "abdolkarim"), ("عبدالمجید", "abdolmajid"),
    ("عبدالعلی", "abdolali"), ("حمزه", "hamzeh"), ("طاهر", "taher"), ("شعبان", "shaban"),
    ("رمضان", "ramezan"), ("رجب", "rajab"), ("قربان", "ghorban"), ("نوروز", "norouz"),
    ("کاووس", "kavous"), ("سیامک", "siamak"), ("فرزین", "farzin"), ("رامبد", "rambod"),
    ("تهمورث", "tahmoures"), ("جهانگیر", "jahangir"),
    ("اللهیار", "allahyar"), ("قلی", "gholi"), ("یاور", "yavar"),
    ("صفر", "safar"), ("مظفر", "mozaffar"),
    ("عزیزالله", "azizollah"), ("حبیب‌الله", "habibollah"),
    ("خلیل", "khalil"), ("اسرافیل", "esrafil"), ("جبرئیل", "jebreil"), ("میکائیل", "mikaeil"),
    ("مسیب", "mosayyeb"), ("صفدر", "safdar"), ("غضنفر", "ghazanfar"),
    ("اصلان", "aslan"), ("ارسلان", "arsalan"), ("تیمور", "teymour"), ("چنگیز", "changiz"),
    ("ایلخان", "ilkhan"), ("یاشار", "yashar"), ("سیروس", "sirous"),
    ("کورش", "korosh"), ("ماهان", "mahan"), ("پژمان", "pejman"), ("پیروز", "pirouz"),
    ("فیروز", "firouz"), ("رحمت", "rahmat"), ("نعمت", "nemat"), ("عزت", "ezzat"),
    ("حشمت", "heshmat"), ("شوکت", "shokat"), ("ذوالفقار", "zolfaghar"), ("قنبر", "ghanbar"),
    ("مرادعلی", "moradali"), ("مراد", "morad"), ("بهادر", "bahador"), ("دلاور", "delavar"),
    ("شجاع", "shoja"), ("یزدان", "yazdan"), ("کیارش", "kiarash"), ("سپهر", "sepehr"),
    ("هیرش", "hirash"), ("ژوبین", "zhubin"),
    ("شهین", "shahin"), ("ناهید", "nahid"), ("گلاره", "gelareh"),
    ("هما", "homa"), ("فرزانه", "farzaneh"), ("شکوه", "shokouh"),
    ("عفت", "effat"), ("بتول", "batoul"), ("کبری", "kobra"), ("صغری", "soghra"),
    ("گوهر", "gohar"), ("منصوره", "mansoureh"), ("مهناز", "mahnaz"), ("شهناز", "shahnaz"),
    ("نرگس", "narges"), ("ویدا", "vida"), ("آذر", "azar"), ("پوران", "pouran"),
)  # fmt: skip

# More stems for compositional family names: trades, titles, tribes, virtues, nature.
TRADE_AND_TITLE_STEMS: tuple[tuple[str, str], ...] = (
    ("نجار", "najjar"), ("آهنگر", "ahangar"), ("صراف", "sarraf"), ("عطار", "attar"),
    ("بزاز", "bazzaz"), ("خیاط", "khayyat"), ("کفاش", "kaffash"), ("زرگر", "zargar"),
    ("دباغ", "dabbagh"), ("قصاب", "ghassab"), ("حکاک", "hakkak"), ("سراج", "sarraj"),
    ("نقاش", "naghghash"), ("معمار", "memar"), ("نانوا", "nanva"), ("باغبان", "baghban"),
    ("چوپان", "choupan"), ("کشاورز", "keshavarz"), ("صیاد", "sayyad"), ("طبیب", "tabib"),
    ("حکیم", "hakim"), ("کلانتر", "kalantar"), ("کدخدا", "kadkhoda"), ("سرهنگ", "sarhang"),
    ("پهلوان", "pahlavan"), ("قناد", "ghannad"), ("خباز", "khabbaz"), ("رزاز", "razzaz"),
    ("مسگر", "mesgar"), ("نساج", "nassaj"), ("رنگرز", "rangraz"), ("حداد", "haddad"),
    ("وکیل", "vakil"), ("معلم", "moallem"), ("امام", "emam"), ("خطیب", "khatib"),
    ("واعظ", "vaez"), ("مجتهد", "mojtahed"), ("مستوفی", "mostofi"), ("مقدم", "moghaddam"),
    ("معتمد", "motamed"), ("مهاجر", "mohajer"), ("مبشر", "mobasher"), ("منشی", "monshi"),
    ("مشیر", "moshir"), ("ادیب", "adib"), ("سردار", "sardar"), ("سرباز", "sarbaz"),
    ("تاجر", "tajer"), ("بازرگان", "bazargan"), ("دلال", "dallal"), ("جوهری", "johari"),
)  # fmt: skip

TRIBE_AND_VIRTUE_STEMS: tuple[tuple[str, str], ...] = (
    ("بختیار", "bakhtiar"), ("افشار", "afshar"), ("قاجار", "ghajar"), ("زند", "zand"),
    ("کرد", "kord"), ("لر", "lor"), ("ترک", "tork"), ("بلوچ", "balouch"), ("عرب", "arab"),
    ("قشقا", "ghashgha"), ("طالش", "talesh"), ("گیلک", "gilak"), ("کلهر", "kalhor"),
    ("سنجاب", "sanjab"), ("جاف", "jaf"), ("اردلان", "ardalan"), ("تابان", "taban"),
    ("روشن", "roshan"), ("درخشان", "derakhshan"), ("فروتن", "foroutan"), ("صبور", "sabour"),
    ("رستگار", "rastegar"), ("کامکار", "kamkar"), ("منصف", "monsef"), ("دانا", "dana"),
    ("توانا", "tavana"), ("بینا", "bina"), ("زیبا", "ziba"), ("والا", "vala"),
    ("پارسا", "parsa"), ("خرم", "khorram"), ("شاد", "shad"), ("خندان", "khandan"),
    ("فرزان", "farzan"), ("فرهمند", "farahmand"), ("دانشمند", "daneshmand"),
    ("هنرمند", "honarmand"), ("ثابت", "sabet"), ("راستین", "rastin"), ("وفا", "vafa"),
    ("صفا", "safa"), ("ضیا", "zia"), ("کیهان", "keyhan"), ("آرام", "aram"), ("آریا", "aria"),
    ("ایران", "iran"), ("بهار", "bahar"), ("شهاب", "shahab"), ("فرخ", "farrokh"),
    ("سپاس", "sepas"), ("امید", "omid"), ("دلیر", "dalir"), ("شیر", "shir"), ("باز", "baz"),
    ("عقاب", "oghab"), ("سیمرغ", "simorgh"), ("البرز", "alborz"), ("زاگرس", "zagros"),
    ("دماوند", "damavand"), ("سهند", "sahand"), ("کارون", "karoun"), ("ارس", "aras"),
)  # fmt: skip

# Towns a family name may be taken from (Tabrizi, Kermani), beyond CITIES.
PLACES: tuple[tuple[str, str], ...] = (
    ("آبادان", "abadan"), ("شوشتر", "shoushtar"), ("بروجرد", "boroujerd"),
    ("نهاوند", "nahavand"), ("ملایر", "malayer"), ("سلماس", "salmas"), ("مرند", "marand"),
    ("اهر", "ahar"), ("سراب", "sarab"), ("مشکین", "meshkin"), ("آستارا", "astara"),
    ("انزل", "anzal"), ("لنگرود", "langaroud"), ("تنکابن", "tonekabon"), ("نوشهر", "noshahr"),
    ("چالوس", "chalous"), ("بهشهر", "behshahr"), ("گنبد", "gonbad"), ("بجنورد", "bojnourd"),
    ("قوچان", "ghouchan"), ("سبزوار", "sabzevar"), ("نیشابور", "neyshabour"),
    ("تربت", "torbat"), ("گناباد", "gonabad"), ("بیرجند", "birjand"), ("زابل", "zabol"),
    ("زاهدان", "zahedan"), ("بم", "bam"), ("رفسنجان", "rafsanjan"), ("سیرجان", "sirjan"),
    ("جیرفت", "jiroft"), ("اردکان", "ardakan"), ("میبد", "meybod"), ("نطنز", "natanz"),
    ("گلپایگان", "golpayegan"), ("شهرضا", "shahreza"), ("کازرون", "kazeroun"), ("فسا", "fasa"),
    ("جهرم", "jahrom"), ("لار", "lar"), ("بوشهر", "bushehr"), ("دشتستان", "dashtestan"),
    ("بهبهان", "behbahan"), ("رامهرمز", "ramhormoz"), ("اندیمشک", "andimeshk"),
    ("ایلام", "ilam"), ("سقز", "saghez"), ("مهاباد", "mahabad"), ("مریوان", "marivan"),
    ("بوکان", "boukan"), ("تاکستان", "takestan"), ("ابهر", "abhar"), ("سمنان", "semnan"),
    ("دامغان", "damghan"), ("شاهرود", "shahroud"), ("فیروزکوه", "firouzkouh"),
    ("ورامین", "varamin"), ("شمیران", "shemiran"), ("کرج", "karaj"), ("خمین", "khomein"),
    ("محلات", "mahallat"), ("دلیجان", "delijan"), ("اردستان", "ardestan"),
    ("رودسر", "roudsar"), ("فومن", "fouman"), ("ماسال", "masal"), ("خلخال", "khalkhal"),
    ("شبستر", "shabestar"), ("هشترود", "hashtroud"), ("تکاب", "takab"), ("بیجار", "bijar"),
    ("کنگاور", "kangavar"), ("خرمشهر", "khorramshahr"), ("دهلران", "dehloran"),
    ("شهرکرد", "shahrekord"), ("بروجن", "boroujen"), ("یاسوج", "yasouj"), ("سمیرم", "semirom"),
    ("فریدن", "fereydan"), ("نائین", "naein"), ("طبس", "tabas"), ("فردوس", "ferdous"),
    ("کاشمر", "kashmar"), ("سرخس", "sarakhs"), ("درگز", "dargaz"),
    ("اسفراین", "esfarayen"), ("جاجرم", "jajarm"), ("گرمسار", "garmsar"),
    ("ساوجبلاغ", "savojbolagh"),
)  # fmt: skip

# Two-stem compounds (Nikbakht, Khoshnevis): first and second parts.
COMPOUND_FIRSTS: tuple[tuple[str, str], ...] = (
    ("نیک", "nik"), ("خوش", "khosh"), ("پاک", "pak"), ("دل", "del"), ("بهار", "bahar"),
    ("شاد", "shad"), ("روشن", "roshan"), ("مهر", "mehr"), ("بزرگ", "bozorg"), ("جهان", "jahan"),
    ("شیر", "shir"), ("زر", "zar"), ("سیم", "sim"), ("گل", "gol"), ("فرخ", "farrokh"),
    ("کام", "kam"), ("نام", "nam"), ("آزاد", "azad"), ("امید", "omid"), ("دانش", "danesh"),
    ("هنر", "honar"), ("راست", "rast"), ("سر", "sar"), ("شاه", "shah"), ("ماه", "mah"),
    ("نور", "nour"), ("بخت", "bakht"), ("فر", "far"), ("به", "beh"),
    ("رحمت", "rahmat"), ("حق", "hagh"), ("دین", "din"), ("ایمان", "iman"), ("صدق", "sedgh"),
    ("راد", "rad"), ("شیرین", "shirin"), ("خرد", "kherad"), ("آتش", "atash"), ("باد", "bad"),
)  # fmt: skip
COMPOUND_SECONDS: tuple[tuple[str, str], ...] = (
    ("بخت", "bakht"), ("نویس", "nevis"), ("نام", "nam"), ("زاد", "zad"), ("دست", "dast"),
    ("گو", "gou"), ("منش", "manesh"), ("سیرت", "sirat"), ("رو", "rou"), ("دل", "del"),
    ("نظر", "nazar"), ("کار", "kar"), ("کیش", "kish"), ("خو", "khou"), ("یار", "yar"),
    ("آرا", "ara"), ("گهر", "gohar"), ("بین", "bin"), ("پسند", "pasand"),
    ("سرشت", "seresht"), ("اندیش", "andish"), ("پناه", "panah"),
    ("فام", "fam"), ("گستر", "gostar"), ("افروز", "afrouz"),
    ("بان", "ban"), ("پیما", "peyma"), ("مند", "mand"), ("کیان", "kian"),
)  # fmt: skip

# Prefixes written together with a family name (Mirhosseini, Hajizadeh, Aghamohammadi).
FAMILY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("میر", "mir"), ("حاجی", "haji"), ("آقا", "agha"), ("ملا", "molla"), ("شیخ", "sheikh"),
    ("کربلایی", "karbalaei"), ("مشهدی", "mashhadi"),
)  # fmt: skip

# The thirty most frequent family names in Iran's civil register, most frequent first
# (National Organization for Civil Registration, as reported by afsaran.ir, 2025).
REGISTER_TOP_FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("محمدی", "mohammadi"), ("حسینی", "hosseini"), ("احمدی", "ahmadi"), ("رضایی", "rezaei"),
    ("کریمی", "karimi"), ("موسوی", "mousavi"), ("جعفری", "jafari"), ("صادقی", "sadeghi"),
    ("حیدری", "heydari"), ("مرادی", "moradi"), ("ابراهیمی", "ebrahimi"), ("رحیمی", "rahimi"),
    ("هاشمی", "hashemi"), ("قاسمی", "ghasemi"), ("صالحی", "salehi"), ("کاظمی", "kazemi"),
    ("اکبری", "akbari"), ("امیری", "amiri"), ("عباسی", "abbasi"), ("اسدی", "asadi"),
    ("امینی", "amini"), ("باقری", "bagheri"), ("طاهری", "taheri"), ("نوری", "nouri"),
    ("علیزاده", "alizadeh"), ("محمودی", "mahmoudi"), ("شریفی", "sharifi"), ("سلطانی", "soltani"),
    ("نجفی", "najafi"), ("زارعی", "zarei"),
)  # fmt: skip
