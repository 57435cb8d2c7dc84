"""Words a case file writes for keys the archive stores: a claim's question by its topic.

    question_label("number-killed:massacre-1988")        # "Number of people killed"
    question_label("birth:raisi", "fa")                  # "تولد"

The web shows the same topics (`web/templatetags/khavaran.py`, `QUESTION_TOPICS`); exports sit
below the web and cannot read them there, so the topics the shipped case, importers and
extractors write are listed here with both labels, as `vocabulary.py` lists its own.
"""

from __future__ import annotations

# topic (the part of a question before ":") -> (English label, Persian label)
QUESTION_TOPICS: dict[str, tuple[str, str]] = {
    "number-killed": ("Number of people killed", "شمار کشته‌شدگان"),
    "house-arrest": ("House arrest", "حبس خانگی"),
    "statement": ("Statement", "اظهارات"),
    "defence": ("Defence", "دفاعیه"),
    "legal-characterisation": ("Legal characterisation", "توصیف حقوقی"),
    "birth": ("Birth", "تولد"),
    "birthplace": ("Place of birth", "محل تولد"),
    "death": ("Death", "درگذشت"),
    "burial-site": ("Burial site", "محل دفن"),
    "name-of-commission": ("Name of the commission", "نام هیئت"),
}


def question_label(question: str, lang: str = "en") -> str:
    """A claim's question by its topic ("number-killed:massacre-1988" -> "Number of people
    killed"); a question a person wrote in words stays as written."""
    topic = question.partition(":")[0]
    labels = QUESTION_TOPICS.get(topic)
    if labels is None:
        return question
    return labels[1] if lang == "fa" else labels[0]
