#!/usr/bin/env python3
"""Build the briefing site: `python build.py build`, or `python build.py --help`.

The entry point only; the commands are in briefing/cli.py, the build itself in
briefing/pipeline.py (load -> check -> model -> render -> write).
"""

from briefing.cli import cli

if __name__ == "__main__":
    cli()
