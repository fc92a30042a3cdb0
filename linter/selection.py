"""Which rules run: code prefixes selected and ignored, in layers (the file's, then the CLI's).

Within a layer the most specific selector wins, so `select = ["REC1"]` with
`ignore = ["REC104"]` drops REC104 and `select = ["REC104"]` with `ignore = ["REC1"]` keeps
it; on a tie the ignore wins. A layer with `select` starts afresh; one without builds on
the layer before it. Before any layer, the rules selected by default run (opt-in ones do not).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Iterable, Optional, Tuple


class UnknownSelector(ValueError):
    pass


@dataclass(frozen=True)
class Layer:
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    def apply(self, enabled: FrozenSet[str]) -> FrozenSet[str]:
        from recordlint.rules import RULES

        result = set()
        for code in RULES:
            chosen = _specificity(code, (self.select or ()) + self.extend_select)
            if chosen < 0 and self.select is None and code in enabled:
                chosen = 0  # inherited from the layer before
            if chosen > _specificity(code, self.ignore):
                result.add(code)
        return frozenset(result)


def _specificity(code: str, selectors: Iterable[str]) -> int:
    return max((len(s) for s in selectors if code.startswith(s)), default=-1)


def default_codes() -> FrozenSet[str]:
    from recordlint.rules import RULES

    return frozenset(code for code, rule in RULES.items() if rule.selected_by_default)


def resolve(layers: Iterable[Layer]) -> FrozenSet[str]:
    enabled = default_codes()
    for layer in layers:
        enabled = layer.apply(enabled)
    return enabled


def parse_selectors(items: Iterable[str]) -> Tuple[str, ...]:
    """Upper-cased prefixes from items that may hold several, comma-separated."""
    from recordlint.rules import RULES

    prefixes = tuple(part.strip().upper() for item in items for part in item.split(",") if part.strip())
    for prefix in prefixes:
        if not any(code.startswith(prefix) for code in RULES):
            raise UnknownSelector("unknown rule selector %r" % prefix)
    return prefixes
