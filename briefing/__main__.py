"""`python -m briefing`: the same command line as the `briefing` script."""

from briefing.cli import cli

cli(prog_name="briefing")
