"""List the rules the model implements, the keys that control them and their values."""

from __future__ import annotations

import argparse
import json


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, help="scenario file (default: the baseline)")
    p.add_argument("--json", action="store_true", help="print a JSON list of {id, title, keys, enabled_key}")
    p.add_argument("--loop", action="store_true", help="print the order of the simulation: one hook per rule, "
                                                      "month, year end, plan")


def main(args: argparse.Namespace) -> int:
    from ..rulesmap import rules_table
    from ..scenario import load_scenario

    if args.loop:
        from ..loop import describe

        print(describe())
        return 0
    sc = load_scenario(args.scenario)
    table = rules_table(sc)
    if args.json:
        print(json.dumps(table, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(table)} rules in scenario {sc.name!r} ({sc.source})")
    for r in table:
        state = "on " if r["enabled"] else "OFF"
        print(f"{r['id']:<4} {state} {r['title']}")
        print(f"         switch {r['enabled_key']} = {json.dumps(r['keys'][r['enabled_key']], ensure_ascii=False)}"
              f" (off: {json.dumps(r['off_value'])})")
        others = [f"{k}={v!r}" for k, v in r["keys"].items() if k != r["enabled_key"]]
        if others:
            print("         keys   " + ", ".join(others))
    return 0
