"""`relinbox import`, `relinbox export`, `relinbox merge`."""

from __future__ import annotations

import argparse
from pathlib import Path

from relinbox.cli.context import CliContext, UserError
from relinbox.interop.formats import CALENDAR_FORMATS, EXPORT_FORMATS, IMPORT_FORMATS

IMPORT_HELP = """\
Formats are recognised from the content; a folder is a vdir collection (one *.vcf per
contact). Prints "N imported, U updated, K unchanged, S skipped, M problems", then one
FILE:LINE: severity: message line per problem; possible duplicates to review with
`relinbox merge` go to standard error. Exit status: 0 when every input was read (problems
or not), 1 when an input was refused whole, 2 for a usage error. See docs/importing.md."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import contacts: vCard, vdir folder, Google / Outlook / LinkedIn CSV",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    parser.add_argument("--format", choices=IMPORT_FORMATS, default="auto", dest="import_format")
    parser.add_argument("--dry-run", action="store_true", help="report everything, write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(handler=run_import)

    parser = subparsers.add_parser(
        "export",
        help="export contacts (json, vcard, csv) or the follow-ups as a calendar (ics)",
        description="Export every contact, archived ones included (JSON: docs/json-schema.md),"
        " or every open follow-up and cadence due as iCalendar (ics: docs/sync.md).",
    )
    parser.add_argument(
        "--format", choices=EXPORT_FORMATS + CALENDAR_FORMATS, default="json",
        dest="export_format",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    parser.add_argument(
        "--vcard-version", choices=("4.0", "3.0"), default="4.0", help="for --format vcard"
    )
    parser.set_defaults(handler=run_export)

    parser = subparsers.add_parser(
        "merge",
        help="merge contact B into contact A (every value and the whole timeline)",
        description="Merge B into A: A keeps its values and gains every e-mail, phone, tag, "
        "note, custom field and timeline entry of B; B is then deleted.",
    )
    parser.add_argument("a", metavar="A", help="the contact to keep")
    parser.add_argument("b", metavar="B", help="the contact merged into A and removed")
    parser.set_defaults(handler=run_merge)


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    import orjson

    from relinbox.services.importing import import_inputs

    # A dry run against a store that does not exist yet must not create it.
    store = None if args.dry_run and not ctx.db_path.exists() else ctx.store
    report = import_inputs(args.paths, store, fmt=args.import_format, dry_run=args.dry_run)
    if args.json:
        ctx.print(orjson.dumps(report.to_doc()).decode())
        return report.status
    # Standard output is exactly the summary and one line per problem, for scripts; the
    # advice for the person at the terminal goes to standard error.
    ctx.print(report.summary())
    for problem in report.problems:
        ctx.print(str(problem))
    for candidate in report.merge_candidates:
        print(
            f"possible duplicate: {candidate['a_name']} ({candidate['a']}) and "
            f"{candidate['b_name']} ({candidate['b']}): {candidate['reason']}",
            file=ctx.err,
        )
    if args.dry_run:
        print("dry run: nothing written", file=ctx.err)
    return report.status


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from relinbox.core.store.files import atomic_write
    from relinbox.services.exporting import export

    data = export(
        ctx.store, ctx.planner, args.export_format, today=ctx.today(), now=ctx.now(),
        vcard_version=args.vcard_version,
    )
    if args.output is None:
        ctx.out.write(data.decode("utf-8"))
        ctx.out.flush()
        return 0
    target = args.output.expanduser()
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder")
    atomic_write(target, data)
    return 0


def run_merge(args: argparse.Namespace, ctx: CliContext) -> int:
    from relinbox.services.merging import merge

    a, b = ctx.resolve(args.a), ctx.resolve(args.b)
    if a.uid == b.uid:
        raise UserError(f"{args.a!r} and {args.b!r} are the same contact")
    merged = merge(ctx.store, a, b)
    ctx.print(f"merged {b.display_name} ({b.uid}) into {merged.display_name} ({merged.uid})")
    return 0
