"""Two lists of the same victims, as a new user would bring them: one in Persian script saved
by Excel as Windows-1256 with Solar Hijri years, one in Latin transliteration with Gregorian
years, typos and a person entered twice."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.conftest import account, khavaran  # noqa: F401  (the CliRunner and --as fixtures)

# given, family, father, Solar Hijri birth year, city, prison — in Persian, then in Latin.
PEOPLE: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("محمدرضا", "احمدی", "علی", "1340", "تهران", "اوین"),
     ("Mohammad Reza", "Ahmadi", "Ali", "Tehran", "Evin")),
    (("حسین", "رضایی", "محمود", "1342", "تبریز", "گوهردشت"),
     ("Hossein", "Rezaei", "Mahmoud", "Tabriz", "Gohardasht")),
    (("علی", "کاظمی", "حسن", "1338", "شیراز", "عادل‌آباد"),
     ("Ali", "Kazemi", "Hassan", "Shiraz", "Adelabad")),
    (("فاطمه", "نوری", "جواد", "1345", "تهران", "اوین"),
     ("Fatemeh", "Nouri", "Javad", "Tehran", "Evin")),
    (("مهدی", "صادقی", "عباس", "1341", "مشهد", "وکیل‌آباد"),
     ("Mehdi", "Sadeghi", "Abbas", "Mashhad", "Vakilabad")),
    (("کاوه", "نظری", "ابراهیم", "1343", "رشت", "لاکان"),
     ("Kaveh", "Nazari", "Ebrahim", "Rasht", "Lakan")),
    (("مریم", "حسینی", "مصطفی", "1344", "اصفهان", "دستگرد"),
     ("Maryam", "Hosseini", "Mostafa", "Isfahan", "Dastgerd")),
    (("رضا", "کریمی", "یوسف", "1339", "تهران", "گوهردشت"),
     ("Reza", "Karimi", "Yousef", "Tehran", "Gohardasht")),
    (("ایرج", "مرادی", "اسماعیل", "1337", "کرمانشاه", "دیزل‌آباد"),
     ("Iraj", "Moradi", "Esmail", "Kermanshah", "Dizelabad")),
    (("بهروز", "قاسمی", "منصور", "1340", "اهواز", "کارون"),
     ("Behrouz", "Ghasemi", "Mansour", "Ahvaz", "Karoun")),
    (("نسرین", "جعفری", "احمد", "1346", "تهران", "اوین"),
     ("Nasrin", "Jafari", "Ahmad", "Tehran", "Evin")),
    (("جمشید", "طاهری", "کریم", "1336", "ارومیه", "ارومیه"),
     ("Jamshid", "Taheri", "Karim", "Urmia", "Urmia")),
    (("سعید", "رحیمی", "حمید", "1342", "قزوین", "قزل‌حصار"),
     ("Saeed", "Rahimi", "Hamid", "Qazvin", "Ghezel Hesar")),
    (("پرویز", "شریفی", "نصرالله", "1335", "همدان", "همدان"),
     ("Parviz", "Sharifi", "Nasrollah", "Hamedan", "Hamedan")),
    (("فرهاد", "موسوی", "جلال", "1341", "تهران", "اوین"),
     ("Farhad", "Mousavi", "Jalal", "Tehran", "Evin")),
    (("زهرا", "عسگری", "قاسم", "1347", "زنجان", "زنجان"),
     ("Zahra", "Asgari", "Ghasem", "Zanjan", "Zanjan")),
    (("مجید", "یزدانی", "رحمان", "1340", "یزد", "یزد"),
     ("Majid", "Yazdani", "Rahman", "Yazd", "Yazd")),
    (("هوشنگ", "امینی", "فرج", "1334", "سنندج", "سنندج"),
     ("Houshang", "Amini", "Faraj", "Sanandaj", "Sanandaj")),
    (("اکبر", "زارعی", "محمد", "1343", "شیراز", "عادل‌آباد"),
     ("Akbar", "Zarei", "Mohammad", "Shiraz", "Adelabad")),
    (("شهلا", "رستمی", "نادر", "1344", "تهران", "اوین"),
     ("Shahla", "Rostami", "Nader", "Tehran", "Evin")),
    (("کیومرث", "بهرامی", "شاپور", "1338", "کرج", "گوهردشت"),
     ("Kioumars", "Bahrami", "Shapour", "Karaj", "Gohardasht")),
    (("ناصر", "فتحی", "عزیز", "1339", "اردبیل", "اردبیل"),
     ("Naser", "Fathi", "Aziz", "Ardabil", "Ardabil")),
    (("منوچهر", "سلطانی", "اصغر", "1337", "کرمان", "کرمان"),
     ("Manouchehr", "Soltani", "Asghar", "Kerman", "Kerman")),
    (("لیلا", "کامرانی", "بهمن", "1346", "تهران", "اوین"),
     ("Leila", "Kamrani", "Bahman", "Tehran", "Evin")),
    (("داوود", "نیکخواه", "رسول", "1341", "بابل", "بابل"),
     ("Davoud", "Nikkhah", "Rasoul", "Babol", "Babol")),
    (("غلامرضا", "میرزایی", "حیدر", "1336", "اراک", "اراک"),
     ("Gholamreza", "Mirzaei", "Heydar", "Arak", "Arak")),
    (("امیر", "پاکزاد", "کمال", "1345", "تهران", "گوهردشت"),
     ("Amir", "Pakzad", "Kamal", "Tehran", "Gohardasht")),
    (("سیاوش", "فرهادی", "بیژن", "1342", "گرگان", "گرگان"),
     ("Siavash", "Farhadi", "Bijan", "Gorgan", "Gorgan")),
    (("ابوالفضل", "حیدری", "تقی", "1340", "قم", "قم"),
     ("Abolfazl", "Heydari", "Taghi", "Qom", "Qom")),
    (("شیرین", "آزادی", "پرویز", "1347", "تهران", "اوین"),
     ("Shirin", "Azadi", "Parviz", "Tehran", "Evin")),
]  # fmt: skip
PERSIAN_ONLY = range(0, 4)  # people 1–4 are only on the Persian list
LATIN_ONLY = range(26, 30)  # people 27–30 only on the Latin list
# Typos the Latin list makes (person index -> given, family).
TYPOS = {5: ("Kave", "Nazary"), 9: ("Behruz", "Qasemi"), 14: ("Farhad", "Musavi")}
LATIN_DUPLICATE = 7  # Reza Karimi is entered twice, once as "Rez Karimy"
# Rows 28–31 of the Latin list, the cases a reviewer must see or that test the model:
HARD_CASES = [
    ["Ali", "Kazemi", "Reza", "1955", "Shiraz", "Adelabad", "1988", ""],  # a namesake of person 3
    ["Maryam", "Hosseini", "", "", "", "", "1988", ""],  # a name and nothing else: uncertain
    ["Mohammad", "Ahmadi", "Ali", "1961", "Tehran", "Evin", "1988", ""],  # person 1, short name
    ["Hosein", "Rezai", "", "1963", "", "", "", ""],  # person 2, or another man of that name
]
PERSIAN_HEADERS = [
    "ردیف",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "سال تولد",
    "شهر",
    "زندان",
    "تاریخ اعدام",
]
LATIN_HEADERS = [
    "First name",
    "Last name",
    "Father's name",
    "Year of birth",
    "City",
    "Prison",
    "Date of execution",
    "Affiliation",
]


def persian_rows() -> list[list[str]]:
    rows = []
    for i, (fa, _) in enumerate(PEOPLE):
        if i not in LATIN_ONLY:
            rows.append([str(len(rows) + 1), *fa, "مرداد ۱۳۶۷"])
    return rows


def latin_rows() -> list[list[str]]:
    rows = []
    for i, (fa, en) in enumerate(PEOPLE):
        if i in PERSIAN_ONLY:
            continue
        given, family = TYPOS.get(i, en[:2])
        born = str(int(fa[3]) + 621)
        rows.append([given, family, en[2], born, en[3], en[4], "1988", "PMOI"])
        if i == LATIN_DUPLICATE:
            rows.append(["Rez", "Karimy", en[2], born, en[3], "", "summer 1988", ""])
    return rows + HARD_CASES


def write_csv(path: Path, headers: list[str], rows: list[list[str]], encoding: str) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1256":
        # Windows-1256 predates the Persian ی and ک: Excel writes the Arabic forms.
        text = text.translate(str.maketrans("یک۰۱۲۳۴۵۶۷۸۹", "يك0123456789"))
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def persian_list(tmp_path: Path) -> Path:
    """26 victims in Persian script, Windows-1256, as Excel saves it on a Persian Windows."""
    return write_csv(tmp_path / "families.csv", PERSIAN_HEADERS, persian_rows(), "cp1256")


@pytest.fixture
def latin_list(tmp_path: Path) -> Path:
    """27 rows for 26 victims in Latin script, UTF-8."""
    return write_csv(tmp_path / "memorial.csv", LATIN_HEADERS, latin_rows(), "utf-8")
