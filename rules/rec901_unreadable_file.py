from recordlint.rules.base import Rule


class UnreadableFile(Rule):
    code = "REC901"
    name = "unreadable-file"
    summary = "A file that cannot be read, decoded or parsed"
    form = None
    what_it_does = (
        "Reports a file that could contain a recording region but cannot be analysed: it cannot be "
        "read, is binary, is not valid in its declared encoding (PEP 263; UTF-8 by default), or does "
        "not parse. The message gives the reason in one line, and the other files are still linted."
    )
    why_is_this_bad = "Nothing in such a file is checked, so its in-place writes would go unreported."
    example = "with autograd.record(:\n    x += 1\n"
    use_instead = "with autograd.record():\n    x = x + 1\n"
    fix_safety = "Not fixable."
    VALID = ["from mxnet import autograd\nwith autograd.record():\n    pass\n"]
    INVALID = ["from mxnet import autograd\nwith autograd.record(:  # expect: REC901\n    pass\n"]

    @classmethod
    def message(cls, reason, call_sites=(), later_line=None):
        return reason
