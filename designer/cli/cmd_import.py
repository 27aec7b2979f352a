"""`callscript import FILE --from sellbot -o script.yaml`: convert another robot's script into
ours, listing what did not map (on stderr, and as `# ...` comment lines at the top of the
written file). Exit 0 when imported (notes or not), 1 when the output does not pass
`callscript validate` (it is written anyway, so it can be fixed), 2 when the input cannot be
read as that format or the output cannot be written.
"""
from __future__ import annotations

import dataclasses
import os
import sys

from designer.cli.common import CliError, print_problems


def add_parser(sub) -> None:
    from designer.formats.importers import IMPORTERS

    p = sub.add_parser(
        "import", help="convert another robot's script into a callscript script",
        description="Convert another robot's script (sellbot 话术 JSON) into a callscript "
        "YAML script. Whatever cannot be mapped is listed on stderr and at the top of the "
        "output file. Compliance fields the source does not have are left out: run "
        "`callscript lint` to see what to add.")
    p.add_argument("file", help="the file to import")
    p.add_argument("--from", dest="source", required=True, choices=sorted(IMPORTERS),
                   help="the format of the file")
    p.add_argument("-o", "--output", required=True, metavar="OUT.yaml",
                   help="the script file to write")
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.analysis.structure import check_structure
    from designer.formats.atomic import atomic_write_text
    from designer.formats.importers import ImportFailed, import_file
    from designer.formats.script_yaml import dump_script, parse_script
    from designer.model import ScriptFileError

    try:
        result = import_file(args.file, args.source)
    except ImportFailed as exc:
        raise CliError(str(exc), 2) from None
    lines = result.report_lines()
    text = dump_script(result.script)
    header = "".join(f"# {line}\n" for line in lines)
    try:
        reloaded = parse_script(text, args.output)
        problems = [p for p in check_structure(reloaded) if p.severity == "error"]
    except ScriptFileError as exc:
        problems = exc.problems
    if os.path.isdir(args.output):
        raise CliError(f"{args.output}: is a folder; give the script's file name", 2)
    try:
        atomic_write_text(args.output, header + text)
    except OSError as exc:
        raise CliError(f"{args.output}: cannot write ({exc.strerror or exc})", 2) from None
    for line in lines:
        print(f"callscript: {line}", file=sys.stderr)
    s = result.script
    print(f"{args.output}: {len(s.nodes)} nodes, {len(s.intents)} intents, {len(s.faq)} faq "
          f"entries, {len(result.notes)} note(s)")
    if problems:
        # positions are those of the written file minus the comment header
        shift = header.count("\n")
        print_problems([dataclasses.replace(p, line=p.line + shift) if p.line else p
                        for p in problems])
        print(f"callscript: {args.output} does not validate: {len(problems)} error(s) to fix",
              file=sys.stderr)
        return 1
    return 0
