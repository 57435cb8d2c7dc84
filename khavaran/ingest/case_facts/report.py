"""What an import of facts says: every problem, or what it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class FactsImportError(ValueError):
    """The facts file cannot be imported; `problems` lists every reason, one line each."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{path.name}: {problems[0]}{more}")


@dataclass
class ImportSummary:
    sources: int = 0
    people: int = 0
    organizations: int = 0
    tenures: int = 0
    incidents: int = 0
    participants: int = 0
    claims: int = 0
    excerpts: set[int] = field(default_factory=set)
    # What the file said that was not written, one line each (a source stored before keeps
    # its title and kind).
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        counts = {k: v for k, v in self.__dict__.items() if isinstance(v, int)}
        return counts | {"excerpts": len(self.excerpts)}
