"""The command line's `recordlint confirm`: run files on the MXNet engine and
judge the linter's findings by what happens."""
from __future__ import annotations

import importlib.util
import sys

import click

DEFAULT_TIME_LIMIT = 10.0
DEFAULT_MEMORY_LIMIT_MB = 2048


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (json: one object per file, one per line).")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=DEFAULT_TIME_LIMIT,
              show_default=True, help="Seconds each file may run.")
@click.option("--memory-limit", type=click.IntRange(min=256), default=DEFAULT_MEMORY_LIMIT_MB,
              show_default=True, help="Megabytes of address space each file may use.")
def confirm(files, output_format, time_limit, memory_limit):
    """Run FILES on recordlint's MXNet engine and check the findings against the run.

    Unlike `lint`, which never runs the code it reads, this EXECUTES each
    file, each in its own process with a time and a memory limit, no network,
    no standard input and an empty temporary working folder.  Each finding is `confirmed` (the run raised there), `not
    reached` (the run stopped earlier or never went there) or `refuted` (the
    run went through without raising); an in-place error no finding predicted
    is `missed`.

    Exit status: 0 every finding confirmed or not reached and nothing missed,
    1 otherwise, 2 usage error."""
    if importlib.util.find_spec("numpy") is None:
        raise click.UsageError("recordlint confirm needs NumPy: pip install 'recordlint[engine]'")
    from recordlint.confirmation import confirm_file

    agree = True
    for path in files:
        confirmation = confirm_file(path, time_limit, memory_limit)
        agree = agree and confirmation.agrees
        text = confirmation.as_json() if output_format == "json" else confirmation.as_text()
        click.echo(text)
        sys.stdout.flush()
    sys.exit(0 if agree else 1)
