"""What `khavaran verify` checks, across the apps: originals, excerpts, the audit chain, and the
rows of every audited model against the state the chain last recorded for them."""

from __future__ import annotations

from collections.abc import Iterator

from khavaran.analysis.integrity import ANALYSIS, linked_victims
from khavaran.analysis.models import VictimList
from khavaran.audit.replay import Audited, Drift
from khavaran.evidence.integrity import VerifyReport, verify
from khavaran.records.integrity import audited_records, index_drift

BEYOND_EVIDENCE = (
    *ANALYSIS,
    Audited("accounts.User", lambda u: u.audited_state()),
    # Proposals are written unaudited (suggestions, not facts); a decision is audited.
    Audited(
        "extract.StoredProposal",
        lambda p: {
            "status": p.status,
            "fingerprint": p.fingerprint,
            "source": p.source_id,
            "excerpt": p.excerpt_id,
            "result": f"{p.result_model}:{p.result_id}" if p.result_model else "",
        },
        every_row_logged=False,
    ),
    # Switching the public site on behind the log would publish: off unless the log says on.
    Audited(
        "web.SiteSettings",
        lambda s: {"public_site_enabled": s.public_site_enabled},
        unlogged={"public_site_enabled": False},
    ),
)


def verify_all() -> VerifyReport:
    return verify([*audited_records(), *BEYOND_EVIDENCE], [_linked_victims, index_drift])


def _linked_victims() -> Iterator[Drift]:
    """`linked_victims`, each list record named by its list's id and its row, not by the list's
    name (``name:row``), which may say whose list it is: what `verify` prints goes into mail."""
    lists = dict(VictimList.objects.values_list("name", "pk"))
    for found in linked_victims():
        name, _, row = found.object_id.rpartition(":")
        where = f"list {lists[name]} row {row}" if name in lists else "a list record"
        yield Drift(found.model, where, found.message)
