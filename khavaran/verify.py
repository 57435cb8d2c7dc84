"""What `khavaran verify` checks, across the apps: originals, excerpts, the audit chain, and the
rows of every audited model against the state the chain last recorded for them."""

from __future__ import annotations

from khavaran.analysis.integrity import ANALYSIS, linked_victims
from khavaran.audit.replay import Audited
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
    return verify([*audited_records(), *BEYOND_EVIDENCE], [linked_victims, index_drift])
