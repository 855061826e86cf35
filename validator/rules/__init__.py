"""Cross-record rules, one small module per family; importing this package registers them all."""

from validator.rules.engine import RULES, Rule, finding, place, rule, run_rules

__all__ = ["RULES", "Rule", "finding", "place", "rule", "run_rules"]

from validator.rules import dates, tense  # noqa: E402,F401  (registers the DATE and TIME rules)
