"""Before an export logs a source's original as seen, the original is read and hashed.

    check_originals(visible.sources, ExportError)   # raises, naming each source that fails

The `exported` custody event records the SHA-256 the exporter saw. That is only true if the
file was read: an original altered or lost on disk since it was stored would otherwise be
attested intact, beside quotes it may no longer hold. Each file is hashed in chunks (the
store's ``hash_of``), so a large original is never read into memory whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source

# Sources named in the one-line refusal before "and N more": a whole archive altered at once
# would otherwise make a line no one reads.
NAMED = 10


def original_problem(source: Source) -> str:
    """Why the original of ``source`` cannot be logged as seen ("" when it hashes to its
    recorded SHA-256)."""
    store = get_store()
    if not store.path_for(source.sha256).exists():
        return "missing"
    try:
        seen = store.hash_of(source.sha256)
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    return "" if seen == source.sha256 else "altered"


def check_originals(sources: Iterable[Source], error: type[ValueError]) -> None:
    """Hash the original of each source; raise ``error`` with one line naming every source
    whose original is missing, unreadable or altered (then nothing may be written or logged).
    """
    problems = [(s.pk, p) for s in sources if (p := original_problem(s))]
    if not problems:
        return
    named = ", ".join(f"source {pk} ({problem})" for pk, problem in problems[:NAMED])
    more = f" and {len(problems) - NAMED} more" if len(problems) > NAMED else ""
    raise error(
        f"export refused: the original of {named}{more} does not match its recorded SHA-256; "
        "run khavaran verify"
    )
