"""Cross-record rules, one small module per family; importing this package registers them all."""

from validator.rules.engine import RULES, Rule, finding, place, rule, run_rules

__all__ = ["RULES", "Rule", "finding", "place", "rule", "run_rules"]

from validator.rules import dates, tense  # noqa: E402,F401  (registers the DATE and TIME rules)
from validator.rules import references  # noqa: E402,F401
from validator.rules import identifiers  # noqa: E402,F401
from validator.rules import roles  # noqa: E402,F401
from validator.rules import duplicates  # noqa: E402,F401
from validator.rules import attributes  # noqa: E402,F401
from validator.rules import quotes  # noqa: E402,F401
from validator.rules import expressions  # noqa: E402,F401  (DATE004, DATE005: date expressions)
