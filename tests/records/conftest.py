"""The case's cast (`tests/case_cast.py`) for the records tests."""

from tests.case_cast import excerpt, nayyeri, raisi  # noqa: F401  (fixtures)
