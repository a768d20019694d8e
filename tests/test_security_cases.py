"""Every case in SECURITY.md has a test that names it, so none can be quietly dropped."""

import re
from pathlib import Path

TESTS = Path(__file__).parent
SECURITY_MD = TESTS.parent / "SECURITY.md"
# "case 17", "cases 26 and 27", "cases 3, 4 or 5", or a test named test_case_17_...
MENTION = re.compile(r"\bcases? (\d+(?:(?:, | and | or )\d+)*)|\bcase_(\d+)", re.IGNORECASE)
LISTED = re.compile(r"^\| (\d+) \|", re.MULTILINE)
# Cases whose feature is not built yet, and the issue that builds it with its test.
NOT_BUILT_YET: dict[int, str] = {}


def listed_cases() -> set[int]:
    return {int(number) for number in LISTED.findall(SECURITY_MD.read_text())}


def named_cases() -> set[int]:
    named = set()
    for path in TESTS.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        for numbers, in_name in MENTION.findall(path.read_text()):
            named.update(int(n) for n in re.findall(r"\d+", numbers or in_name))
    return named


def test_security_md_lists_every_case_once_in_order():
    numbers = [int(n) for n in LISTED.findall(SECURITY_MD.read_text())]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 44


def test_every_built_case_has_a_test_that_names_it():
    missing = listed_cases() - named_cases() - NOT_BUILT_YET.keys()
    assert not missing, f"no test names SECURITY.md case(s) {sorted(missing)}"
