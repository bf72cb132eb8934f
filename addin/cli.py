"""`chibo`: check, refresh and summarise the cell's workbooks from the command line (DESIGN §4).

The standard library's argparse parses the command line: a process starts in a fraction of typer's time (issue 11).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from addin.errors import ChiboError
from addin.files.jobs import FileResult, check_file, expand, read_run, refresh_file, run_batch, summarise_file
from addin.files.save import write_document
from addin.rules.records import person_key
from addin.rules.values import Unreadable, parse_date
from addin.workbook.run import RunResult

HELP = "chibo: kiểm tra hồ sơ, tính chỉ tiêu và lập kế hoạch phát triển đảng viên trong workbook Excel."
err = Console(stderr=True)
out = Console()


class Exit(Exception):
    """Ends a command with this exit code (its message already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _as_of(value: str) -> dt.date | None:
    try:
        return parse_date(value)
    except Unreadable as exc:
        raise argparse.ArgumentTypeError(f"{exc}; ghi ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd") from None


def _jobs(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” không phải là số nguyên") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} nhỏ hơn 1")
    return count


def _collect(job, paths: list[Path], jobs: int, as_json: bool, **options) -> list[FileResult] | None:
    """Run `job` over every workbook of `paths`, with a progress bar on a terminal; results in input order."""
    files = expand(paths)
    if not files:
        err.print("[red]Không có tệp workbook nào (.xlsx, .xlsm) ở đường dẫn đã cho.[/red]")
        return None
    results: list[FileResult] = []
    if err.is_terminal and not as_json:
        from rich.progress import Progress  # only a terminal shows the bar

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Đang xử lý", total=len(files))
            for result in run_batch(job, files, jobs=jobs, **options):
                results.append(result)
                bar.advance(task)
    else:
        results.extend(run_batch(job, files, jobs=jobs, **options))
    order = {str(f): i for i, f in enumerate(files)}
    results.sort(key=lambda r: order.get(r.path, 0))
    return results


def _run(job, paths: list[Path], jobs: int, as_json: bool, **options) -> int:
    results = _collect(job, paths, jobs, as_json, **options)
    if results is None:
        return 2
    if as_json:
        sys.stdout.write(json.dumps({"files": [r.as_json() for r in results]}, ensure_ascii=False, default=str) + "\n")
    else:
        _print_table(results)
    return max(r.exit_code for r in results)


def _print_table(results: Iterable[FileResult]) -> None:
    table = Table(title="Kết quả")
    table.add_column("Tệp", overflow="fold", min_width=12)  # a narrow terminal wraps the name, never cuts it
    for header in ("Kết quả", "Lỗi", "Cảnh báo", "Lưu ý"):
        table.add_column(header)
    table.add_column("Ghi chú", overflow="fold")
    for r in results:
        if not r.ok:
            table.add_row(Path(r.path).name, "[red]Không xử lý được[/red]", "", "", "", r.error or "")
            continue
        status = "[red]Có lỗi[/red]" if r.count("error") else "[green]Đạt[/green]"
        note = f"Sheet '{r.sheet}': {r.rows_read} người, bỏ qua {r.rows_skipped} dòng"
        if r.written:
            note += f"; đã ghi {r.written}"
        if r.backup:
            note += f"; bản sao lưu: {r.backup}"
        table.add_row(Path(r.path).name, status, str(r.count("error")), str(r.count("warning")), str(r.count("info")), note)
    out.print(table)


def _folder_exists(output: Path) -> bool:
    """Whether the folder `output` goes into exists; if not, say so in Vietnamese (no traceback)."""
    folder = output.parent
    if folder.is_dir():
        return True
    err.print(f"[red]Thư mục “{folder}” chưa có. Hãy tạo thư mục đó (hoặc ghi đường dẫn tới một thư mục đã có) "
              "rồi chạy lại lệnh.[/red]")
    return False


def check(paths: list[Path], as_of: dt.date | None, as_json: bool, jobs: int) -> int:
    """Kiểm tra hồ sơ (chỉ đọc, không ghi gì vào tệp)."""
    return _run(check_file, paths, jobs, as_json, as_of=as_of)


def refresh(paths: list[Path], as_of: dt.date | None, year: int | None, output: Path | None, jobs: int,
            as_json: bool) -> int:
    """Kiểm tra, tính chỉ tiêu, lập kế hoạch và ghi vào workbook (có bản sao lưu)."""
    return _run(refresh_file, paths, jobs, as_json, as_of=as_of, year=year, output=output)


def summary(paths: list[Path], output: Path, as_of: dt.date | None, year: int | None, jobs: int) -> int:
    """Báo cáo tổng hợp nhiều chi bộ: chỉ tiêu, tiến độ, quá hạn, số lỗi của từng chi bộ."""
    from addin.workbook.summary import summary_book

    if output.suffix.lower() != ".xlsx":
        err.print("[red]Tệp báo cáo phải có đuôi .xlsx.[/red]")
        return 2
    if not _folder_exists(output):
        return 2
    results = _collect(summarise_file, [p for p in paths if p.resolve() != output.resolve()], jobs, False,
                       as_of=as_of, year=year)
    if results is None:
        return 2
    lines = [r.summary for r in results if r.ok and r.summary is not None]
    failures = [(r.path, r.error or "") for r in results if not r.ok]
    left_out = [(r.path, r.not_counted) for r in results if r.ok and r.not_counted]
    summary_book(lines, [*failures, *left_out], output)
    out.print(f"Đã tổng hợp {len(lines)} chi bộ vào {output}; {len(failures)} tệp không đọc được; "
              f"{len(left_out)} sổ chưa có người nào trong danh sách (không tính).")
    return 2 if failures else 0


def _read_one(path: Path, as_of: dt.date | None) -> RunResult:
    """One workbook read and evaluated for a document command; a Vietnamese message and exit 2 when it cannot be."""
    try:
        return read_run(path, as_of=as_of)
    except ChiboError as exc:
        err.print(f"[red]{exc.message if path.name in exc.message else f'Tệp “{path.name}”: {exc.message}'}[/red]")
        raise Exit(2) from None


def lich(path: Path, output: Path, as_of: dt.date | None) -> int:
    """Lịch các hạn theo quy định và các bước kế hoạch (.ics), có nhắc trước; nhập lại thì cập nhật, không nhân đôi."""
    from addin.workbook.agenda import agenda, ics_bytes, reminder_days

    if output.suffix.lower() != ".ics":
        err.print("[red]Tệp lịch phải có đuôi .ics.[/red]")
        return 2
    result = _read_one(path, as_of)
    cell = result.data.settings.cell_name or path.stem
    events = agenda(result, cell)
    existed = output.exists()
    try:
        write_document(output, ics_bytes(events, cell, dt.datetime.now(dt.UTC)))
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        return 2
    replaced = " (thay tệp cũ cùng tên)" if existed else ""
    out.print(f"Đã ghi {len(events)} sự kiện vào {output}{replaced}; mỗi sự kiện nhắc trước "
              f"{reminder_days(result)} ngày làm việc. Nhập lại tệp mới thì lịch được cập nhật, không bị nhân đôi.")
    return 0


def hoso(path: Path, output: Path, person: str | None, as_of: dt.date | None) -> int:
    """Soạn bản thảo Word các văn bản hồ sơ (phân công giúp đỡ, 5-KNĐ, 6-KNĐ, 12-KNĐ, 13-KNĐ) từ sổ theo dõi."""
    from addin.documents.dossier import drafts, write_drafts

    if not output.is_dir():
        err.print(f"[red]Không có thư mục “{output}”. Hãy tạo thư mục đó (hoặc chọn thư mục khác) rồi chạy lại.[/red]")
        return 2
    result = _read_one(path, as_of)
    found, left_out = drafts(result, person)
    if person is not None and not any(person_key(person) in (person_key(t.name), person_key(t.label))
                                      for t in result.timelines.values()):
        err.print(f"[red]Không có “{person}” trong sheet '{result.data.register.sheet}' của tệp “{path.name}”.[/red]")
        return 2
    for item in left_out:
        out.print(f"[yellow]Không soạn {item.form.value} {item.person}: {item.reason}.[/yellow]")
    if not found:
        who = f"“{person}”" if person else "người nào trong sổ"
        out.print(f"Giai đoạn hiện tại của {who} chưa có văn bản nào soạn được; không ghi tệp nào.")
        return 0
    try:
        report = write_drafts(found, output, path)
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        return 2
    for written in report.written:
        out.print(f"Đã soạn {written.name}")
    for existing in report.existing:
        out.print(f"[yellow]Đã có {existing.name} trong thư mục: giữ nguyên, không ghi đè.[/yellow]")
    out.print(f"Đã ghi {len(report.written)} bản thảo vào {output}; {len(report.existing)} tệp đã có được giữ nguyên.")
    return 0


def new(output: Path, year: int | None, lite: bool = False, requirement: str | None = None) -> int:
    """Tạo workbook mới (.xlsm) có các sheet, nút bấm và hàm DV_, sẵn sàng nhập liệu."""
    from addin.excel.template import build_template

    if lite:
        return _new_lite(output, year, requirement)
    if output.suffix.lower() != ".xlsm":
        err.print("[red]Tệp mới phải có đuôi .xlsm (workbook có macro cho các nút bấm).[/red]")
        return 2
    if output.exists():
        err.print(f"[red]Tệp “{output}” đã có; chibo không ghi đè. Hãy chọn tên khác.[/red]")
        return 2
    if not _folder_exists(output):
        return 2
    build_template(output, year or dt.date.today().year + 1)
    out.print(f"Đã tạo {output}. Mở bằng Excel, bật macro (Enable Content) rồi nhập danh sách ở sheet 'Theo dõi'.")
    return 0


def _new_lite(output: Path, year: int | None, requirement: str | None) -> int:
    """`chibo new --lite`: the workbook for xlwings Lite (.xlsx, no macro)."""
    from addin.excel.lite_book import DEFAULT_REQUIREMENT, new_lite_book

    if output.suffix.lower() != ".xlsx":
        err.print("[red]Sổ dùng xlwings Lite phải có đuôi .xlsx (không có macro).[/red]")
        return 2
    if output.exists():
        err.print(f"[red]Tệp “{output}” đã có; chibo không ghi đè. Hãy chọn tên khác.[/red]")
        return 2
    if not _folder_exists(output):
        return 2
    try:
        placed = new_lite_book(output, year or dt.date.today().year + 1, requirement=requirement or DEFAULT_REQUIREMENT)
    except ChiboError as exc:
        output.unlink(missing_ok=True)
        err.print(f"[red]{exc.message}[/red]")
        return 2
    out.print(f"Đã tạo {output}. Mở bằng Excel (Microsoft 365, Office 2021 trở lên hoặc Excel trên web), cài bổ trợ "
              f"xlwings Lite khi Excel hỏi, rồi bấm các nút ở sheet '{placed.sheet}'.")
    return 0


def lite(path: Path, requirement: str | None) -> int:
    """Gắn các nút bấm và hàm DV_ chạy bằng xlwings Lite vào sổ đã có (không cần cài Python, không macro)."""
    from addin.excel.lite_book import DEFAULT_REQUIREMENT, add_lite

    if not path.is_file():
        err.print(f"[red]Không có tệp “{path}”.[/red]")
        return 2
    try:
        placed = add_lite(path, requirement=requirement or DEFAULT_REQUIREMENT)
    except ChiboError as exc:
        err.print(f"[red]{exc.message if path.name in exc.message else f'Tệp “{path.name}”: {exc.message}'}[/red]")
        return 2
    out.print(f"Đã gắn xlwings Lite vào {path}: các nút ở sheet '{placed.sheet}', ô {placed.cells[0]} trở xuống; "
              f"ô trạng thái {placed.status}. Các ô và sheet khác giữ nguyên; bản sao lưu ở thư mục .chibo-backup.")
    return 0


AS_OF_HELP = "Ngày tính (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định: ô 'Ngày tính' trong Cài đặt, rồi hôm nay"


def _command(commands: argparse._SubParsersAction, run: Callable[..., int]) -> argparse.ArgumentParser:
    """A sub-command named after `run`, its help the first line of `run`'s docstring."""
    doc = (run.__doc__ or "").strip()
    parser = commands.add_parser(run.__name__, help=doc, description=doc)
    parser.set_defaults(run=run)
    return parser


def _paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATHS", help="Tệp hoặc thư mục workbook")


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=_as_of, default=None, metavar="NGÀY", help=AS_OF_HELP)


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="Số tiến trình chạy song song")


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", dest="as_json", action="store_true", help="In kết quả dạng JSON")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The `chibo` command line and its commands: the commands, options and Vietnamese help DESIGN §4 fixes."""
    parser = argparse.ArgumentParser(prog="chibo", description=HELP)
    commands = parser.add_subparsers(metavar="COMMAND")
    one = _command(commands, check)
    for add in (_paths, _as_of_option, _json_option, _jobs_option):
        add(one)
    one = _command(commands, refresh)
    _paths(one)
    _as_of_option(one)
    one.add_argument("--year", type=int, default=None, metavar="NĂM", help="Năm kế hoạch; mặc định: ô 'Năm kế hoạch'")
    one.add_argument("--output", type=Path, default=None, metavar="THƯ_MỤC", help="Ghi ra thư mục này thay vì ghi đè tệp gốc")
    _jobs_option(one)
    _json_option(one)
    one = _command(commands, summary)
    _paths(one)
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Tệp báo cáo tổng hợp (.xlsx) sẽ tạo")
    _as_of_option(one)
    one.add_argument("--year", type=int, default=None, metavar="NĂM", help="Năm tổng hợp")
    _jobs_option(one)
    one = _command(commands, lich)
    one.add_argument("path", type=Path, metavar="PATH", help="Tệp workbook của chi bộ")
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Tệp lịch (.ics) sẽ ghi, nhập được vào điện thoại")
    _as_of_option(one)
    one = _command(commands, hoso)
    one.add_argument("path", type=Path, metavar="PATH", help="Tệp workbook của chi bộ")
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Thư mục (đã có) để ghi các bản thảo .docx")
    one.add_argument("--person", default=None, metavar="HỌ_TÊN", help="Chỉ soạn cho người này (họ và tên như trong sổ)")
    _as_of_option(one)
    one = _command(commands, new)
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Tệp .xlsm sẽ tạo")
    one.add_argument("--year", type=int, default=None, metavar="NĂM", help="Năm kế hoạch; mặc định: năm sau")
    one.add_argument("--lite", action="store_true", help="Sổ .xlsx dùng xlwings Lite (không cài Python, không macro)")
    _requirement_option(one)
    one = _command(commands, lite)
    one.add_argument("path", type=Path, metavar="PATH", help="Sổ (.xlsx) của chi bộ; sửa tại chỗ, có bản sao lưu")
    _requirement_option(one)
    return parser, commands.choices


def _requirement_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--requirement", default=None, metavar="GÓI",
                        help="Dòng chibo trong requirements.txt của sổ (mặc định: chibo; hoặc địa chỉ tệp .whl)")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` (default: the process's arguments), run the command, return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _parser()
    if not argv:  # no command: show what there is
        parser.print_help(sys.stderr)
        return 2
    if argv[0] not in commands:
        parser.parse_args(argv)  # prints the help or the error, and exits
    # options may come between the paths, as before: each command parses its arguments intermixed
    args = vars(commands[argv[0]].parse_intermixed_args(argv[1:]))
    run = args.pop("run")
    try:
        return run(**args)
    except Exit as done:
        return done.code


def app() -> None:
    """The `chibo` console script."""
    sys.exit(main())
