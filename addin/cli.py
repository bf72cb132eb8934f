"""`chibo`: check, refresh and summarise the cell's workbooks from the command line (DESIGN §4).

The standard library's argparse parses the command line: a process starts in a fraction of typer's time (issue 11).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.table import Table

from addin.errors import ChiboError
from addin.files.inspect import read_only_folder
from addin.files.jobs import (
    WORKBOOK_SUFFIXES,
    FileResult,
    check_file,
    expand,
    read_run,
    refresh_file,
    run_batch,
    summarise_file,
)
from addin.files.save import save_atomically, write_document
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


# argparse's own messages (as Python 3.11 words them; tests/test_cli.py checks each) and what chibo says instead; `{0}`, `{1}` are the message's parts.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", "thiếu {0} (bắt buộc phải ghi)"),
    (r"unrecognized arguments: (.+)", "không hiểu “{0}”"),
    (r"ambiguous option: (\S+) could match (.+)", "“{0}” có thể là {1}: hãy ghi đủ tên tùy chọn"),
    (r"argument (\S+): expected one argument", "{0} cần một giá trị ghi ngay sau nó"),
    (r"argument (\S+): expected at least one argument", "{0} cần ít nhất một giá trị"),
    (r"argument (\S+): ignored explicit argument (.+)", "{0} không nhận giá trị ({1})"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from .+\)", "không có lệnh {1}"),
    (r"argument (\S+): invalid \S+ value: (.+)", "{0}: giá trị {1} không dùng được"),
    (r"argument (\S+): (.+)", "{0}: {1}"),  # chibo's own reasons (the NGÀY, NĂM, N types), already Vietnamese
)


USAGE = "Cách dùng: "


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its usage line headed in Vietnamese."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: help, section titles and every message; a bad command line exits with 2.

    Sub-commands made with `add_parser` are Parsers too, so an option added to any of them is covered."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "Tham số"
        self._optionals.title = "Tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="In hướng dẫn này rồi thoát")

    def parse_known_intermixed_args(self, args=None, namespace=None):
        """argparse's, with the usage it shows in errors fixed beforehand: left unset, argparse cuts the length of
        its English 'usage: ' off the Vietnamese usage line."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, " " * len(USAGE))
        usage, self.usage = self.usage, formatter.format_help().strip()
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self.usage = usage

    def error(self, message: str) -> NoReturn:
        self.fail(vietnamese(message))

    def fail(self, reason: str) -> NoReturn:
        """Show the usage and the Vietnamese `reason`, then exit with 2 (a command line chibo cannot run)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {reason}.\nXem hướng dẫn: {self.prog} --help\n")


def vietnamese(message: str) -> str:
    """argparse's English message `message` said in Vietnamese (unknown ones are kept, after a Vietnamese label)."""
    for pattern, said in _ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return said.format(*(_quoted(part) for part in found.groups()))
    return f"dòng lệnh không đúng ({message})"


def _quoted(part: str) -> str:
    """A value argparse shows in Python quotes ('abc') shown in Vietnamese quotes; names and reasons unchanged."""
    return f"“{part[1:-1]}”" if len(part) > 1 and part[0] == part[-1] and part[0] in "'\"" else part


def _as_of(value: str) -> dt.date | None:
    try:
        return parse_date(value)
    except Unreadable as exc:
        reason = str(exc).replace(f"'{value}'", f"“{value}”")
        raise argparse.ArgumentTypeError(f"{reason}; ghi ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd") from None


def _jobs(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” không phải là số nguyên") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} nhỏ hơn 1")
    return count


def _year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise argparse.ArgumentTypeError(f"“{value}” không phải là một năm; ghi năm bằng 4 chữ số, ví dụ 2027")
    return int(value)


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
        note = _register_note(r)
        if r.written:
            note += f"; đã ghi {r.written}"
        if r.backup:
            note += f"; bản sao lưu: {r.backup}"
        table.add_row(Path(r.path).name, status, str(r.count("error")), str(r.count("warning")), str(r.count("info")), note)
    out.print(table)


SHOWN_SKIPPED = 5  # skipped rows named in the result table; --json names them all


def _register_note(r: FileResult) -> str:
    """Which sheet was read, how many person rows were found and read, and the rows left out with why."""
    note = f"Sheet '{r.sheet}': tìm thấy {r.rows_found} dòng người, đọc {r.rows_read} người"
    choice = r.choice or {}
    if choice.get("hidden"):
        note += " (sheet đang ẩn: bỏ ẩn để xem kết quả)"
    if choice.get("pinned"):
        note += " (sheet ghi trong Cài đặt)"
    elif (other := choice.get("runner_up")) is not None:
        note += (f"; chọn sheet này ({choice['columns']} cột nhận ra, {choice['people']} người) thay cho sheet "
                 f"'{other['sheet']}' ({other['columns']} cột nhận ra, {other['people']} người)")
    if r.skipped_rows:
        named = "; ".join(f"dòng {row}: {reason}" for row, reason in r.skipped_rows[:SHOWN_SKIPPED])
        more = len(r.skipped_rows) - SHOWN_SKIPPED
        note += f"; bỏ qua {len(r.skipped_rows)} dòng ({named}{f'; và {more} dòng khác' if more > 0 else ''})"
    if r.after_end:
        note += f"; {r.after_end} dòng bên dưới chỗ hết danh sách không đọc"
    return note


def _folder_ready(output: Path) -> bool:
    """Whether the file `output` can be made: no folder by that name, its folder exists and takes new files; if not,
    say so in Vietnamese."""
    if output.is_dir():
        err.print(f"[red]“{output}” là một thư mục, không phải tệp. Hãy ghi tên tệp sẽ tạo.[/red]")
        return False
    folder = output.parent
    if not folder.is_dir():
        err.print(f"[red]Thư mục “{folder}” chưa có. Hãy tạo thư mục đó (hoặc ghi đường dẫn tới một thư mục đã có) "
                  "rồi chạy lại lệnh.[/red]")
        return False
    return _writable(folder)


def _writable(folder: Path) -> bool:
    """Whether chibo may create files in the existing `folder`; if not, say so in Vietnamese."""
    if not read_only_folder(folder):
        return True
    err.print(f"[red]Thư mục “{folder}” chỉ cho phép đọc: chibo không ghi được tệp vào đó. "
              "Hãy chọn thư mục khác (hoặc xin quyền ghi) rồi chạy lại.[/red]")
    return False


def _not_written(output: Path, exc: Exception) -> int:
    """A file the system refused to write (a right chibo could not see beforehand): say so, exit 2."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    err.print(f"[red]Không ghi được “{output}” ({reason}). Hãy kiểm tra quyền ghi vào thư mục “{output.parent}” "
              "(hoặc chọn thư mục khác) rồi chạy lại.[/red]")
    return 2


def _folder_to_make(output: Path) -> bool:
    """Whether the folder `output` is one or can be made (as `refresh --output` makes it); if not, say why."""
    if output.exists() and not output.is_dir():
        err.print(f"[red]“{output}” là một tệp, không phải thư mục. Hãy ghi tên một thư mục.[/red]")
        return False
    nearest = output
    while not nearest.exists():
        nearest = nearest.parent
    if not nearest.is_dir():
        err.print(f"[red]Không tạo được thư mục “{output}”: “{nearest}” là một tệp, không phải thư mục.[/red]")
        return False
    return _writable(nearest)


def check(paths: list[Path], as_of: dt.date | None, as_json: bool, jobs: int) -> int:
    """Kiểm tra hồ sơ (chỉ đọc, không ghi gì vào tệp)."""
    return _run(check_file, paths, jobs, as_json, as_of=as_of)


def refresh(paths: list[Path], as_of: dt.date | None, year: int | None, output: Path | None, jobs: int,
            as_json: bool) -> int:
    """Kiểm tra, tính chỉ tiêu, lập kế hoạch và ghi vào workbook (có bản sao lưu)."""
    if output is not None and output.suffix.lower() in WORKBOOK_SUFFIXES and not output.is_dir():
        err.print(f"[red]--output của lệnh refresh là thư mục để ghi bản cập nhật (giữ nguyên tên tệp), mà “{output}” "
                  f"mang đuôi {output.suffix} như tên một workbook. Hãy ghi tên thư mục, ví dụ “{output.with_suffix('')}”."
                  "[/red]")
        return 2
    if output is not None and not _folder_to_make(output):
        return 2
    return _run(refresh_file, paths, jobs, as_json, as_of=as_of, year=year, output=output)


def summary(paths: list[Path], output: Path, as_of: dt.date | None, year: int | None, jobs: int) -> int:
    """Báo cáo tổng hợp nhiều chi bộ: chỉ tiêu, tiến độ, quá hạn, số lỗi của từng chi bộ."""
    from addin.reports.summary import summary_book

    if output.suffix.lower() != ".xlsx":
        err.print("[red]Tệp báo cáo phải có đuôi .xlsx.[/red]")
        return 2
    if not _folder_ready(output):
        return 2
    results = _collect(summarise_file, [p for p in paths if p.resolve() != output.resolve()], jobs, False,
                       as_of=as_of, year=year)
    if results is None:
        return 2
    lines = [r.summary for r in results if r.ok and r.summary is not None]
    failures = [(r.path, r.error or "") for r in results if not r.ok]
    left_out = [(r.path, r.not_counted) for r in results if r.ok and r.not_counted]
    try:  # atomic, and a report already there is kept in .chibo-backup/ (as `refresh` keeps a workbook)
        backup = save_atomically(output, lambda tmp: summary_book(lines, [*failures, *left_out], tmp))
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        return 2
    except OSError as exc:
        return _not_written(output, exc)
    kept = f"; báo cáo cũ được sao lưu tại {backup}" if backup else ""
    out.print(f"Đã tổng hợp {len(lines)} chi bộ vào {output}; {len(failures)} tệp không đọc được; "
              f"{len(left_out)} sổ chưa có người nào trong danh sách (không tính){kept}.")
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
    from addin.reports.agenda import agenda, ics_bytes, reminder_days

    if output.suffix.lower() != ".ics":
        err.print("[red]Tệp lịch phải có đuôi .ics.[/red]")
        return 2
    if not _folder_ready(output):
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

    if not _folder_to_make(output):
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
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _not_written(output, exc)
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
    if not _new_file(output, ".xlsm", "Tệp mới phải có đuôi .xlsm (workbook có macro cho các nút bấm)."):
        return 2
    try:  # atomic: a temporary file in the same folder, checked, then put in place
        save_atomically(output, lambda tmp: build_template(tmp, year or dt.date.today().year + 1), backup=False)
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        return 2
    except OSError as exc:
        return _not_written(output, exc)
    out.print(f"Đã tạo {output}. Mở bằng Excel, bật macro (Enable Content) rồi nhập danh sách ở sheet 'Theo dõi'.")
    return 0


def _new_file(output: Path, suffix: str, wrong_suffix: str) -> bool:
    """Whether `chibo new` may make `output`: the right suffix, a folder that takes files, no file there yet."""
    if output.suffix.lower() != suffix:
        err.print(f"[red]{wrong_suffix}[/red]")
        return False
    if not _folder_ready(output):
        return False
    if output.exists():
        err.print(f"[red]Tệp “{output}” đã có; chibo không ghi đè. Hãy chọn tên khác.[/red]")
        return False
    return True


def _new_lite(output: Path, year: int | None, requirement: str | None) -> int:
    """`chibo new --lite`: the workbook for xlwings Lite (.xlsx, no macro)."""
    from addin.excel.lite_book import DEFAULT_REQUIREMENT, new_lite_book

    if not _new_file(output, ".xlsx", "Sổ dùng xlwings Lite phải có đuôi .xlsx (không có macro)."):
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


def _command(commands: argparse._SubParsersAction, run: Callable[..., int]) -> Parser:
    """A sub-command named after `run`, its help the first line of `run`'s docstring."""
    doc = (run.__doc__ or "").strip()
    parser = commands.add_parser(run.__name__, help=doc, description=doc)
    parser.set_defaults(run=run)
    return parser


def _paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="ĐƯỜNG_DẪN", help="Tệp hoặc thư mục workbook")


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=_as_of, default=None, metavar="NGÀY", help=AS_OF_HELP)


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="Số tiến trình chạy song song")


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", dest="as_json", action="store_true", help="In kết quả dạng JSON")


def _year_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--year", type=_year, default=None, metavar="NĂM", help=help)


def _parser() -> tuple[Parser, dict[str, Parser]]:
    """The `chibo` command line and its commands: the commands, options and Vietnamese help DESIGN §4 fixes."""
    parser = Parser(prog="chibo", description=HELP)
    commands = parser.add_subparsers(title="Lệnh", metavar="LỆNH")
    one = _command(commands, check)
    for add in (_paths, _as_of_option, _json_option, _jobs_option):
        add(one)
    one = _command(commands, refresh)
    _paths(one)
    _as_of_option(one)
    _year_option(one, "Năm kế hoạch; mặc định: ô 'Năm kế hoạch'")
    one.add_argument("--output", type=Path, default=None, metavar="THƯ_MỤC",
                     help="Ghi bản cập nhật vào thư mục này (tạo nếu chưa có, giữ tên tệp) thay vì ghi đè tệp gốc")
    _jobs_option(one)
    _json_option(one)
    one = _command(commands, summary)
    _paths(one)
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Tệp báo cáo tổng hợp (.xlsx) sẽ tạo")
    _as_of_option(one)
    _year_option(one, "Năm tổng hợp")
    _jobs_option(one)
    one = _command(commands, lich)
    one.add_argument("path", type=Path, metavar="TỆP", help="Tệp workbook của chi bộ")
    one.add_argument("--output", type=Path, required=True, metavar="TỆP_LỊCH",
                     help="Tệp lịch (.ics) sẽ ghi, nhập được vào điện thoại")
    _as_of_option(one)
    one = _command(commands, hoso)
    one.add_argument("path", type=Path, metavar="TỆP", help="Tệp workbook của chi bộ")
    one.add_argument("--output", type=Path, required=True, metavar="THƯ_MỤC",
                     help="Thư mục để ghi các bản thảo .docx (tạo nếu chưa có)")
    one.add_argument("--person", default=None, metavar="HỌ_TÊN", help="Chỉ soạn cho người này (họ và tên như trong sổ)")
    _as_of_option(one)
    one = _command(commands, new)
    one.add_argument("--output", type=Path, required=True, metavar="TỆP", help="Tệp .xlsm sẽ tạo")
    _year_option(one, "Năm kế hoạch; mặc định: năm sau")
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
        if not argv[0].startswith("-"):
            parser.fail(f"không có lệnh “{argv[0]}”; các lệnh là {', '.join(commands)}")
        parser.parse_args(argv)  # prints the help or the error, and exits
        parser.fail("thiếu lệnh")
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
