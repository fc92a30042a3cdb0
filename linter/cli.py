"""The command line: ``recordlint lint``."""
from __future__ import annotations

import sys

import click

from recordlint import __version__
from recordlint.reporting import FORMATS, render


def _codes(ctx, param, value):
    from recordlint.rules import RULES

    prefixes = [part.strip().upper() for item in value for part in item.split(",") if part.strip()]
    for prefix in prefixes:
        if not any(code.startswith(prefix) for code in RULES):
            raise click.BadParameter("unknown rule selector %r" % prefix)
    return tuple(prefixes)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recordlint")
def main():
    """Find in-place writes that MXNet autograd rejects inside record() regions.

    recordlint reads source files; it never runs them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, callback=_codes, help="Only report codes starting with these prefixes (comma-separated).")
@click.option("--ignore", multiple=True, callback=_codes, help="Never report codes starting with these prefixes (comma-separated).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
def lint(paths, output_format, select, ignore, jobs):
    """Lint PATHS (files and folders; default: the current folder).

    Exit status: 0 no findings, 1 findings, 2 usage or internal error."""
    from recordlint.api import select_findings
    from recordlint.discovery import python_files
    from recordlint.runner import lint_files

    files = list(python_files(paths or (".",)))
    result = lint_files(files, jobs)
    findings = select_findings(result.findings, select, ignore)
    sys.stdout.write(render(findings, output_format))
    for error in result.errors:
        click.echo("recordlint: error: " + error, err=True)
    if result.errors:
        sys.exit(2)
    sys.exit(1 if findings else 0)
