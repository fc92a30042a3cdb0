"""The command line: ``recordlint lint``, ``recordlint rule`` and ``recordlint rules``."""
from __future__ import annotations

import os
import sys

import click

from recordlint import __version__
from recordlint.formats import FORMATS


def _codes(ctx, param, value):
    from recordlint.selection import UnknownSelector, parse_selectors

    try:
        return parse_selectors(value)
    except UnknownSelector as error:
        raise click.BadParameter(str(error)) from None


def _patterns(ctx, param, value):
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recordlint")
def main():
    """Find in-place writes that MXNet autograd rejects inside record() regions.

    `recordlint lint` reads source files and never runs them; `recordlint confirm` runs them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, callback=_codes,
              help="Only report codes starting with these prefixes (comma-separated); replaces the configured select.")
@click.option("--extend-select", multiple=True, callback=_codes, help="Report these codes as well (comma-separated).")
@click.option("--ignore", multiple=True, callback=_codes, help="Never report codes starting with these prefixes (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Read [tool.recordlint] from this file instead of the closest pyproject.toml.")
@click.option("--exclude", multiple=True, callback=_patterns,
              help="Patterns (.gitignore syntax) to leave out; replaces the configured and default excludes.")
@click.option("--extend-exclude", multiple=True, callback=_patterns, help="Patterns to leave out as well.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Leave out what .gitignore and .git/info/exclude ignore (default: on).")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to paths named on the command line too.")
@click.option("--stdin-filename", help="The name of the file read from standard input ('-').")
@click.option("--show-source", is_flag=True, help="Show the flagged source line under each finding.")
@click.option("--no-color", is_flag=True, help="Never colour the output (also: NO_COLOR set).")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has, instead of the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are findings.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes and write the files (with standard input: print the fixed source).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
              help="Also apply (or show as available) the fixes marked unsafe.")
@click.option("--fix-only", is_flag=True, help="Apply fixes without reporting what is left.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what the fixes would change; write nothing.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of lint results.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Keep the cache here (default: .recordlint_cache beside the pyproject.toml, or in the current folder).")
def lint(paths, output_format, select, extend_select, ignore, config_path, exclude, extend_exclude,
         respect_gitignore, force_exclude, stdin_filename, show_source, no_color, statistics, exit_zero,
         output_file, jobs, fix, unsafe_fixes, fix_only, diff, no_cache, cache_dir):
    """Lint PATHS (files, folders and notebooks; default: the current folder; '-': standard input).

    Exit status: 0 no findings, 1 findings, 2 usage or internal error. With --fix: 0 when
    nothing is left, 1 when findings remain; with --diff: 1 when there is a diff; with
    --fix-only: 0. Linting reads the files and never runs them."""
    from recordlint.lint_run import LintRequest, RunError, run
    from recordlint.selection import Layer
    from recordlint.settings import Overrides

    overrides = Overrides(
        layer=Layer(select or None, extend_select, ignore),
        exclude=exclude or None,
        extend_exclude=extend_exclude,
        respect_gitignore=respect_gitignore,
        unsafe_fixes=unsafe_fixes,
    )
    fix_mode = "diff" if diff else "write" if (fix or fix_only) else None
    request = LintRequest(
        paths=paths, output_format=output_format, config_path=config_path, overrides=overrides,
        force_exclude=force_exclude, stdin_filename=stdin_filename, show_source=show_source,
        no_color=no_color, statistics=statistics, exit_zero=exit_zero, output_file=output_file, jobs=jobs,
        fix_mode=fix_mode, fix_only=fix_only or diff, use_cache=not no_cache,
        cache_dir=os.path.abspath(cache_dir) if cache_dir else None,
    )
    try:
        status = run(request)
    except RunError as error:
        click.echo("recordlint: error: %s" % error, err=True)
        status = 2
    sys.exit(status)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "all_rules", is_flag=True, help="Every rule, with an index table first.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Output format.")
def rule(code, all_rules, output_format):
    """Print the documentation of the rule CODE (or of every rule, with --all)."""
    import json

    from recordlint import rule_docs
    from recordlint.rules import RULES

    if bool(code) == all_rules:
        raise click.UsageError("give one rule code, or --all")
    if all_rules:
        text = (json.dumps(rule_docs.rules_json(), indent=2) + "\n" if output_format == "json"
                else rule_docs.all_rules_markdown())
    else:
        chosen = RULES.get(code.upper())
        if chosen is None:
            raise click.BadParameter("unknown rule code %r" % code, param_hint="CODE")
        text = (json.dumps(rule_docs.rule_json(chosen), indent=2) + "\n" if output_format == "json"
                else rule_docs.rule_markdown(chosen))
    sys.stdout.write(text)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def list_rules(output_format):
    """List every rule: code, name, fix availability, and whether it runs by default."""
    import json

    from recordlint import rule_docs

    if output_format == "json":
        rows = [{key: value for key, value in entry.items() if key != "explanation"} for entry in rule_docs.rules_json()]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        sys.stdout.write(rule_docs.rules_listing())


from recordlint.confirm_command import confirm  # noqa: E402 - the command lives in its own module
main.add_command(confirm)
