"""The rules: one module each. The registry is derived from the Rule classes found here."""
from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, Optional, Type

from recordlint.rules.base import Rule


def _load() -> Dict[str, Type[Rule]]:
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("rec"):
            importlib.import_module(__name__ + "." + info.name)
    found = {}
    stack = list(Rule.__subclasses__())
    while stack:
        rule = stack.pop()
        stack.extend(rule.__subclasses__())
        if getattr(rule, "code", None):
            found[rule.code] = rule
    return dict(sorted(found.items()))


RULES: Dict[str, Type[Rule]] = _load()


def rule_for(form: str, certain: bool) -> Optional[Type[Rule]]:
    """The rule reporting violations of this form and certainty."""
    for rule in RULES.values():
        if rule.form == form and rule.certain == certain:
            return rule
    return None
