"""Generated mixed Persian/English evidence files for the ingest and search benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

EN_WORDS = [
    "prison",
    "commission",
    "execution",
    "testimony",
    "report",
    "family",
    "grave",
    "cemetery",
    "night",
    "guard",
    "prisoner",
    "court",
    "judge",
    "order",
    "summer",
    "august",
    "september",
    "letter",
    "recording",
    "mother",
    "brother",
    "evin",
    "gohardasht",
    "khavaran",
    "tehran",
    "witness",
    "transfer",
    "cell",
    "hearing",
    "sentence",
    "list",
    "names",
]
FA_WORDS = [
    "زندان",
    "هیئت",
    "اعدام",
    "شهادت",
    "گزارش",
    "خانواده",
    "گور",
    "گورستان",
    "شب",
    "نگهبان",
    "زندانی",
    "دادگاه",
    "قاضی",
    "فرمان",
    "تابستان",
    "مرداد",
    "شهریور",
    "نامه",
    "صدا",
    "مادر",
    "برادر",
    "اوین",
    "گوهردشت",
    "خاوران",
    "تهران",
    "شاهد",
    "انتقال",
    "سلول",
    "جلسه",
    "حکم",
    "فهرست",
    "نام\u200cها",
]


def paragraph(rng: random.Random, persian: bool, words: int = 60) -> str:
    pool = FA_WORDS if persian else EN_WORDS
    text = " ".join(rng.choice(pool) for _ in range(words))
    return text + (" ۱۳۶۷." if persian else " 1988.")


def write_txt(path: Path, rng: random.Random, persian: bool) -> None:
    text = "\n\n".join(paragraph(rng, persian) for _ in range(5))
    path.write_text(text, encoding="utf-8")


def write_html(path: Path, rng: random.Random, persian: bool) -> None:
    body = "".join(f"<p>{paragraph(rng, persian)}</p>" for _ in range(5))
    direction = ' dir="rtl" lang="fa"' if persian else ' lang="en"'
    path.write_text(
        f"<html{direction}><head><title>Report {path.stem}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<main><article><h1>Report {path.stem}</h1>{body}</article></main>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )


def write_pdf(path: Path, rng: random.Random) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 5, paragraph(rng, False, 120))
    pdf.output(str(path))


def generate(
    folder: Path, count: int, *, seed: int = 1988, pdf_share: float = 0.1
) -> dict[str, int]:
    """Write `count` files: PDFs (English) at `pdf_share`, the rest .txt/.html, half Persian."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = {"txt": 0, "html": 0, "pdf": 0}
    for i in range(count):
        sub = folder / f"{i // 1000:03}"
        sub.mkdir(exist_ok=True)
        roll = rng.random()
        persian = rng.random() < 0.5
        if roll < pdf_share:
            write_pdf(sub / f"doc-{i:06}.pdf", rng)
            kinds["pdf"] += 1
        elif roll < (1 + pdf_share) / 2:
            write_txt(sub / f"doc-{i:06}.txt", rng, persian)
            kinds["txt"] += 1
        else:
            write_html(sub / f"doc-{i:06}.html", rng, persian)
            kinds["html"] += 1
    return kinds
