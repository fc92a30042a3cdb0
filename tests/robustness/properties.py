"""What must hold for any input to `lint` and `lint --fix`, checked on one file's bytes.

- linting never raises, and a file that cannot be decoded or parsed is one REC901 finding;
- every fix result parses (with Python's own parser whenever the input did);
- fixing is idempotent: fixing the fixed file changes nothing;
- outside the edits of the fixes applied, every byte of the input is kept, and each edit
  replaces nothing or a piece of text that stands alone as Python (an expression or
  statements), never a stray line break or a part of a token;
- no name of the input's code vanishes from the fixed file (a statement moved after the
  recording region must arrive), except `out` and `copyto`, which fixes rewrite away.

The edits are observed as the fixer applies them, round after round, and are re-applied here
with Python's own notion of a line (\\n, \\r\\n or \\r), independently of the fixer's code.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
import textwrap
import tokenize
import warnings
from dataclasses import dataclass
from typing import Iterator, List, Optional, Set, Tuple

import libcst as cst

import recordlint.fixes.apply as fix_module
from recordlint.api import lint_source
from recordlint.source import SourceError, decode, may_record

from robustness.figures import Figures

UNREADABLE = "REC901"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOM = b"\xef\xbb\xbf"
REWRITTEN_AWAY = {"out", "copyto"}

Round = Tuple[str, list, str]  # the text, the edits applied to it, the result


class PropertyFailure(AssertionError):
    """A property of lint or fix that does not hold; ``kind`` names the figure it counts in."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass
class Audit:
    codes: List[str]  # of the findings on the input
    fixed: bool


def audit(data: bytes, path: str = "fuzzed.py", unsafe: bool = True,
          figures: Optional[Figures] = None) -> Audit:
    """Checks every property on ``data``; counts failures in ``figures`` and raises the first."""
    try:
        return _audit(data, path, unsafe)
    except PropertyFailure as failure:
        if figures is not None:
            setattr(figures, failure.kind, getattr(figures, failure.kind) + 1)
        raise


def _audit(data: bytes, path: str, unsafe: bool) -> Audit:
    try:
        text = decode(data)
    except SourceError:
        codes = _lint_codes(data, path)
        if may_record(data) and codes != [UNREADABLE]:
            raise PropertyFailure("internal_errors", "an undecodable file gave %s, not one REC901" % codes)
        return Audit(codes, False)
    with _recorded_rounds() as rounds:
        try:
            outcome = fix_module.fix_bytes(data, path, unsafe)
        except Exception as error:
            raise PropertyFailure("internal_errors", "fixing raised %s: %s" % (type(error).__name__, error)) from error
    if not outcome.applied:
        codes = [finding.code for finding in outcome.remaining]
        _check_unreadable_reported(text, codes)
        if outcome.data != data:
            raise PropertyFailure("bytes_lost", "no fix was applied, yet the bytes changed")
        return Audit(codes, False)
    _check_fixed_text(text, outcome.text)
    _check_edits(text, rounds, outcome.text)
    _check_names_kept(text, outcome.text)
    _check_bytes(data, outcome.data, outcome.text)
    again = fix_module.fix_bytes(outcome.data, path, unsafe)
    if again.applied or again.data != outcome.data:
        raise PropertyFailure("not_idempotent", "fixing the fixed file applied %d more fixes" % again.applied)
    return Audit([finding.code for finding in outcome.remaining], True)


def _lint_codes(data: bytes, path: str) -> List[str]:
    try:
        return [finding.code for finding in lint_source(data, path)]
    except Exception as error:
        raise PropertyFailure("internal_errors", "linting raised %s: %s" % (type(error).__name__, error)) from error


def _check_unreadable_reported(text: str, codes: List[str]) -> None:
    if not may_record(text):
        return
    if codes.count(UNREADABLE) > 1:
        raise PropertyFailure("internal_errors", "more than one REC901 finding: %s" % codes)
    if UNREADABLE not in codes and not libcst_parses(text):
        raise PropertyFailure("internal_errors", "a file the parser rejects gave %s, not REC901" % codes)


def libcst_parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return False
    return True


def python_parses(text: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences and the like
        try:
            ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    return True


def _check_fixed_text(before: str, after: str) -> None:
    if not libcst_parses(after) or (python_parses(before) and not python_parses(after)):
        raise PropertyFailure("broken_fixes", "the fixed file does not parse")


@contextlib.contextmanager
def _recorded_rounds() -> Iterator[List[Round]]:
    """Every call of the fixer's apply_edits, with its text, its edits and its result."""
    rounds: List[Round] = []
    original = fix_module.apply_edits

    def recording(text, edits):
        edits = list(edits)
        result = original(text, edits)
        rounds.append((text, edits, result))
        return result

    fix_module.apply_edits = recording
    try:
        yield rounds
    finally:
        fix_module.apply_edits = original


def line_starts(text: str) -> List[int]:
    return [0] + [match.end() for match in LINE_BREAK.finditer(text)]


def _offset(starts: List[int], position: Tuple[int, int], text: str) -> int:
    line, column = position
    if not 1 <= line <= len(starts) or starts[line - 1] + column > len(text):
        raise PropertyFailure("bytes_lost", "an edit at %s lies outside the text" % (position,))
    return starts[line - 1] + column


def stands_alone(fragment: str) -> bool:
    """Whether replaced text is a whole expression or whole statements."""
    if not fragment.strip():
        return False
    return python_parses("(%s\n)" % fragment) or python_parses(textwrap.dedent(fragment))


def _check_edits(original: str, rounds: List[Round], fixed: str) -> None:
    """Re-applies each accepted round's edits and checks that nothing outside them moved."""
    kept = [(0, 0, len(original))]  # (offset in the input, offset in the current text, length)
    current = original
    for number, (before, edits, after) in enumerate(rounds, 1):
        if before != current:
            raise PropertyFailure("bytes_lost", "a round of fixes started from another text than the last")
        if number == len(rounds) and after != fixed:
            break  # the fixer refused this round's result (it did not parse) and stopped
        starts = line_starts(current)
        spans = sorted((_offset(starts, edit.start, current), _offset(starts, edit.end, current), edit.content)
                       for edit in edits)
        pieces, cursor = [], 0
        for start, end, content in spans:
            if start < cursor or end < start:
                raise PropertyFailure("bytes_lost", "overlapping or reversed edits")
            if start < end and not stands_alone(current[start:end]):
                raise PropertyFailure("bytes_lost", "an edit replaces %r, which is not a whole expression "
                                                    "or statement" % current[start:end])
            pieces += [current[cursor:start], content]
            cursor = end
        rebuilt = "".join(pieces) + current[cursor:]
        if rebuilt != after:
            raise PropertyFailure("bytes_lost", "the fixer's edits, applied by lines as Python counts them, "
                                                "give another text than the fixer's")
        kept = _shift(kept, spans)
        current = after
    if current != fixed:
        raise PropertyFailure("bytes_lost", "the fixed text is not the result of the fixes' edits")
    for source, target, length in kept:
        if original[source:source + length] != fixed[target:target + length]:
            raise PropertyFailure("bytes_lost", "text outside the edits changed at offset %d" % source)


def _shift(kept, spans):
    """The kept pieces after one round of edits: cut where an edit lies, moved by what it adds."""
    result = []
    for source, target, length in kept:
        pieces = [(source, target, length)]
        for start, end, _ in spans:
            cut = []
            for piece_source, piece_target, piece_length in pieces:
                piece_end = piece_target + piece_length
                if start < end and start < piece_end and piece_target < end:  # overlaps a replacement
                    if piece_target < start:
                        cut.append((piece_source, piece_target, start - piece_target))
                    if end < piece_end:
                        cut.append((piece_source + end - piece_target, end, piece_end - end))
                elif start == end and piece_target < start < piece_end:  # an insertion splits it
                    cut += [(piece_source, piece_target, start - piece_target),
                            (piece_source + start - piece_target, start, piece_end - start)]
                else:
                    cut.append((piece_source, piece_target, piece_length))
            pieces = cut
        result.extend(pieces)
    moved = []
    for source, target, length in result:
        delta = sum(len(content) - (end - start) for start, end, content in spans if end <= target)
        moved.append((source, target + delta, length))
    return moved


def code_names(text: str) -> Set[str]:
    try:
        return {token.string for token in tokenize.generate_tokens(io.StringIO(text).readline)
                if token.type == tokenize.NAME}
    except (tokenize.TokenError, SyntaxError):
        return set()


def _check_names_kept(before: str, after: str) -> None:
    names_after = code_names(after)
    lost = code_names(before) - names_after - REWRITTEN_AWAY
    if lost and names_after:  # an empty set: the tokenizer gave up on the text
        raise PropertyFailure("bytes_lost", "the fixed file no longer mentions %s" % ", ".join(sorted(lost)))


def _check_bytes(data: bytes, fixed_data: bytes, fixed_text: str) -> None:
    if data.startswith(BOM) != fixed_data.startswith(BOM):
        raise PropertyFailure("bytes_lost", "the byte order mark was added or dropped")
    if decode(fixed_data) != fixed_text:
        raise PropertyFailure("bytes_lost", "the fixed bytes are not the fixed text in the file's encoding")
