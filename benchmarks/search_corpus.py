"""A mixed Persian/English corpus for the search benchmark: Zipf-distributed words, names and
numbers, generated fast with numpy.

The head of each vocabulary is real words; the long tail is pseudo-words and personal names
(real victim lists hold many rare names), so queries meet both very common and very rare terms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from khavaran.text.arabic_script import normalize_for_search


def _words(text: str) -> list[str]:
    """Word lists are written as running text: easier to read and edit than a list literal."""
    return text.split()


EN_HEAD = _words("""
the of and to in a was were that for on by with as at from his he they it is had be this which
not prison prisoners prisoner were executed execution executions commission death committee
report family families grave graves cemetery night guard guards court judge order summer august
september letter recording mother father brother sister son daughter evin gohardasht khavaran
tehran witness witnesses transfer cell cells hearing sentence list names political members
organization mojahedin fedayan tudeh left leftist trial trials minutes interrogation
interrogator interrogators ward wards solitary confinement torture tortured buried bodies body
mass killings killed 1988 1981 1982 1983 1984 1985 1986 1987 1989 1990 july prosecutor deputy
intelligence ministry revolutionary guards islamic republic government officials official
statement amnesty international human rights watch united nations special rapporteur survivors
survivor testimony testimonies interview interviews asked said told answered questioned released
arrested arrest detained detention years year months month days day week weeks later before
after during then when where who whom whose what why how all some many few most other another
same new old first second third last one two three four five six seven eight nine ten hundred
thousand names list lists record records document documents source sources archive archives
evidence case cases victim victims perpetrator perpetrators responsible responsibility crime
crimes against humanity massacre massacres city cities province provinces town village qom
mashhad isfahan shiraz tabriz karaj rasht ahvaz kermanshah dezful hamadan semnan zanjan urmia
sanandaj arak yazd kerman gorgan sari babol qazvin lahijan ilam khorramabad boroujerd
""")

FA_HEAD = _words("""
و در به از که این را با برای آن یک خود تا بر هم نیز شد شده بود است بودند کرد کردند می
زندان زندانی زندانیان اعدام اعدام‌ها هیئت مرگ کمیسیون گزارش خانواده خانواده‌ها گور گورها گورستان
شب نگهبان دادگاه قاضی فرمان تابستان مرداد شهریور نامه صدا مادر پدر برادر خواهر پسر دختر اوین
گوهردشت خاوران تهران شاهد شاهدان انتقال سلول جلسه حکم فهرست نام‌ها سیاسی اعضای سازمان مجاهدین
فداییان توده چپ محاکمه بازجویی بازجو بازجوها بند بندها انفرادی شکنجه دفن اجساد جسد دسته‌جمعی
کشتار کشته ۱۳۶۷ ۱۳۶۰ ۱۳۶۱ ۱۳۶۲ ۱۳۶۳ ۱۳۶۴ ۱۳۶۵ ۱۳۶۶ ۱۳۶۸ ۱۳۵۷ دادستان معاون اطلاعات وزارت
سپاه پاسداران انقلاب اسلامی جمهوری حکومت مقامات مسئول بیانیه عفو بین‌الملل حقوق بشر سازمان‌ملل
گزارشگر ویژه بازماندگان بازمانده شهادت گفت‌وگو مصاحبه پرسید گفت پاسخ داد آزاد بازداشت دستگیر
سال سال‌ها ماه روز هفته بعد قبل پس هنگام وقتی کجا چه چرا چگونه همه برخی بسیاری چند دیگر
اول دوم سوم آخر دو سه چهار پنج شش هفت هشت نه ده صد هزار سند اسناد منبع منابع بایگانی مدرک
پرونده قربانی قربانیان عاملان مسئولیت جنایت جنایت‌ها علیه بشریت شهر شهرها استان روستا قم مشهد
اصفهان شیراز تبریز کرج رشت اهواز کرمانشاه دزفول همدان سمنان زنجان ارومیه سنندج اراک یزد کرمان
گرگان ساری بابل قزوین لاهیجان ایلام خرم‌آباد بروجرد کمیته ملاقات ممنوع پیکر وصیت‌نامه ساک
""")

FA_FIRST = _words("""
علی محمد حسین رضا مهدی حسن احمد مصطفی مجید سعید ناصر جمشید فرهاد بهروز کاظم اکبر اصغر جعفر
منیژه مریم فاطمه زهرا شهلا پروین فریبا ناهید منصوره سیمین رحیم کریم یوسف ابراهیم اسماعیل
""")
EN_FIRST = _words("""
ali mohammad hossein reza mehdi hassan ahmad mostafa majid saeed naser jamshid farhad behrouz
kazem akbar asghar jafar manijeh maryam fatemeh zahra shahla parvin fariba nahid mansoureh simin
rahim karim yousef ebrahim esmail
""")

FA_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
EN_SYLLABLES = [c + v for c in "bdfghjklmnprstvz" for v in ("a", "e", "i", "o", "ou", "ah")]
FA_SURNAME_ENDS = ["ی", "پور", "زاده", "نیا", "فر", "نژاد", "وند"]
EN_SURNAME_ENDS = ["i", "pour", "zadeh", "nia", "far", "nejad", "vand"]
# Letters a Persian typist may enter with the Arabic code point (yeh, kaf).
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Vocabulary:
    """One language's words by rank (original spelling and folded form) and Zipf weights."""

    words: list[str]
    folded: list[str]
    cumulative: np.ndarray

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.searchsorted(self.cumulative, rng.random(n)).astype(np.int32)


def _pseudo_fa(rng: random.Random) -> str:
    return "".join(rng.choice(FA_LETTERS) for _ in range(rng.randint(3, 7)))


def _pseudo_en(rng: random.Random) -> str:
    return "".join(rng.choice(EN_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _tail(
    rng: random.Random, pseudo: object, ends: list[str], size: int, used: set[str]
) -> list[str]:
    words: list[str] = []
    while len(words) < size:
        word = pseudo()  # type: ignore[operator]
        # One in five tail words is a surname: a root plus a Persian surname ending.
        if rng.random() < 0.2:
            word += rng.choice(ends)
        if word not in used:
            used.add(word)
            words.append(word)
    return words


def build_vocabulary(persian: bool, size: int, seed: int, exponent: float = 1.05) -> Vocabulary:
    rng = random.Random(seed)
    head = (FA_HEAD + FA_FIRST) if persian else (EN_HEAD + EN_FIRST)
    used = set(head)
    pseudo = (lambda: _pseudo_fa(rng)) if persian else (lambda: _pseudo_en(rng))
    ends = FA_SURNAME_ENDS if persian else EN_SURNAME_ENDS
    tail = _tail(rng, pseudo, ends, size - len(head), used)
    # Years and numbers sit in the middle ranks, as they do in reports.
    numbers = [str(n) for n in range(1300, 1405)] + [str(n) for n in range(1, 200)]
    if persian:
        numbers = [n.translate(PERSIAN_DIGITS) for n in numbers]
    words = head + tail[:2000] + numbers + tail[2000:]
    weights = 1.0 / np.arange(1, len(words) + 1) ** exponent
    cumulative = np.cumsum(weights / weights.sum())
    folded = [normalize_for_search(w) for w in words]
    return Vocabulary(words, folded, cumulative)


@dataclass
class Corpus:
    """Token ids per source over one shared id space: Persian ids first, then English ones."""

    persian: Vocabulary
    english: Vocabulary
    tokens: list[np.ndarray]
    is_persian: np.ndarray

    @property
    def folded(self) -> list[str]:
        return self.persian.folded + self.english.folded

    @property
    def words(self) -> list[str]:
        return self.persian.words + self.english.words


def generate(sources: int, seed: int = 7, vocabulary: int = 30_000) -> Corpus:
    """Sources of 150–600 words, three in five Persian, each with a sprinkle of the other
    language (names, places, quotations)."""
    rng = np.random.default_rng(seed)
    fa = build_vocabulary(True, vocabulary, seed)
    en = build_vocabulary(False, vocabulary, seed + 1)
    offset = len(fa.words)
    is_persian = rng.random(sources) < 0.6
    lengths = rng.integers(150, 601, sources)
    tokens = []
    for persian, n in zip(is_persian, lengths, strict=True):
        main, other, main_off, other_off = (fa, en, 0, offset) if persian else (en, fa, offset, 0)
        ids = main.draw(rng, int(n)) + main_off
        mixed = rng.random(int(n)) < 0.05
        ids[mixed] = other.draw(rng, int(mixed.sum())) + other_off
        tokens.append(ids)
    return Corpus(fa, en, tokens, is_persian)
