"""The `cadresim` command. Each subcommand lives in `model/commands/<name>.py` with
``register(subparsers)`` and ``main(args) -> int``; this file only dispatches and turns
every expected failure (`cadresim.errors`) into one clear line on stderr: exit status 2 for
bad input or damaged results, 1 for the environment (disk, lock, scheduler). ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from .errors import InputError, as_expected

# name -> module; a module is imported only when its subcommand runs (fast start-up).
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("cadresim.commands.run", "run a scenario's replicates and write yearly.csv, scenario.toml, manifest.json"),
    "rules": ("cadresim.commands.rules", "list the rulebook rules, their scenario keys and switches"),
    "sweep": ("cadresim.commands.sweep", "run a sweep file: levers × replicates, in parallel, resumable"),
    "compare": ("cadresim.commands.compare", "compare scenarios against a base with paired 95% intervals"),
    "plot": ("cadresim.commands.plot", "draw briefing figures from a run, sweep or comparison directory"),
    "brief": ("cadresim.commands.brief", "write a one-page PDF briefing for a comparison"),
    "sensitivity": ("cadresim.commands.sensitivity", "which assumptions move the outcomes: Sobol indices or Morris screening"),
    "calibrate": ("cadresim.commands.calibrate", "fit assumed keys to calibration targets: calibrated scenario, "
                  "accepted sets, fit report"),
    "app": ("cadresim.commands.app", "start the interactive app (levers as sliders) in a local web server"),
}


__all__ = ["COMMANDS", "InputError", "build_parser", "main"]  # InputError: kept here for old imports


def _available() -> dict[str, tuple[str, str]]:
    out = {}
    for name, (mod, help_) in COMMANDS.items():
        if importlib.util.find_spec(mod) is not None:
            out[name] = (mod, help_)
    return out


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="cadresim",
        description="Simulate how rotation, allowance and assessment policies change the share of weak "
                    "(软弱涣散) village party organisations over several terms.",
        epilog="examples:\n"
               "  cadresim run scenarios/baseline.toml --replicates 20\n"
               "  cadresim rules --json\n"
               "  cadresim compare scenarios/baseline.toml scenarios/village_term_5y.toml --out runs/cmp\n"
               "  cadresim plot runs/cmp --kind comparison --lang zh\n"
               "  cadresim sweep scenarios/sweep_terms_pay.toml --workers 2\n"
               "run 'cadresim COMMAND --help' for a command's options",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__

    parser.add_argument("--version", action="version", version=f"cadresim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of a failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, object] = {}
    for name, (modname, help_) in _available().items():
        mod = importlib.import_module(modname)
        desc = (mod.__doc__ or help_).strip().split("\n")[0]
        # argparse %-formats help texts: a literal % (as in "95% intervals") must be doubled
        p = sub.add_parser(name, help=help_.replace("%", "%%"), description=desc.replace("%", "%%"))
        mod.register(p)
        modules[name] = mod
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(modules[args.command].main(args) or 0)
    except KeyboardInterrupt:
        print(f"cadresim {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as e:
        err = as_expected(e)
        if err is None or args.debug:
            raise
        print(f"cadresim {args.command}: error: {_one_line(str(err))}", file=sys.stderr)
        return err.exit_status


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "failed"


if __name__ == "__main__":
    # run the imported model.cli, not this __main__ copy: InputError must be the class commands raise
    sys.exit(importlib.import_module("cadresim.cli").main())
