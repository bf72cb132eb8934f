"""`chibo`: check, refresh and summarise the cell's workbooks from the command line (DESIGN §4)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from addin.errors import ChiboError
from addin.files.jobs import FileResult, check_file, expand, read_run, refresh_file, run_batch, summarise_file
from addin.files.save import write_document
from addin.rules.records import person_key
from addin.rules.values import Unreadable, parse_date
from addin.workbook.run import RunResult

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="chibo: kiểm tra hồ sơ, tính chỉ tiêu và lập kế hoạch phát triển đảng viên trong workbook Excel.")
err = Console(stderr=True)
out = Console()


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except Unreadable as exc:
        raise typer.BadParameter(f"{exc}; ghi ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd") from None


def _collect(job, paths: list[Path], jobs: int, as_json: bool, **options) -> list[FileResult] | None:
    """Run `job` over every workbook of `paths`, with a progress bar on a terminal; results in input order."""
    files = expand(paths)
    if not files:
        err.print("[red]Không có tệp workbook nào (.xlsx, .xlsm) ở đường dẫn đã cho.[/red]")
        return None
    results: list[FileResult] = []
    show_bar = err.is_terminal and not as_json
    with Progress(console=err, disable=not show_bar, transient=True) as bar:
        task = bar.add_task("Đang xử lý", total=len(files))
        for result in run_batch(job, files, jobs=jobs, **options):
            results.append(result)
            bar.advance(task)
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


PathsArg = typer.Argument(..., exists=False, help="Tệp hoặc thư mục workbook")
AsOfOpt = typer.Option(None, "--as-of", help="Ngày tính (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định: ô 'Ngày tính' trong Cài đặt, rồi hôm nay")
JsonOpt = typer.Option(False, "--json", help="In kết quả dạng JSON")
JobsOpt = typer.Option(1, "--jobs", min=1, help="Số tiến trình chạy song song")


@app.command()
def check(paths: list[Path] = PathsArg, as_of: str | None = AsOfOpt, as_json: bool = JsonOpt,
          jobs: int = JobsOpt) -> None:
    """Kiểm tra hồ sơ (chỉ đọc, không ghi gì vào tệp)."""
    raise typer.Exit(_run(check_file, paths, jobs, as_json, as_of=_as_of(as_of)))


@app.command()
def refresh(paths: list[Path] = PathsArg, as_of: str | None = AsOfOpt,
            year: int | None = typer.Option(None, "--year", help="Năm kế hoạch; mặc định: ô 'Năm kế hoạch'"),
            output: Path | None = typer.Option(None, "--output", help="Ghi ra thư mục này thay vì ghi đè tệp gốc"),
            jobs: int = JobsOpt, as_json: bool = JsonOpt) -> None:
    """Kiểm tra, tính chỉ tiêu, lập kế hoạch và ghi vào workbook (có bản sao lưu)."""
    raise typer.Exit(_run(refresh_file, paths, jobs, as_json, as_of=_as_of(as_of), year=year, output=output))


@app.command()
def summary(paths: list[Path] = PathsArg,
            output: Path = typer.Option(..., "--output", help="Tệp báo cáo tổng hợp (.xlsx) sẽ tạo"),
            as_of: str | None = AsOfOpt, year: int | None = typer.Option(None, "--year", help="Năm tổng hợp"),
            jobs: int = JobsOpt) -> None:
    """Báo cáo tổng hợp nhiều chi bộ: chỉ tiêu, tiến độ, quá hạn, số lỗi của từng chi bộ."""
    from addin.workbook.summary import summary_book

    if output.suffix.lower() != ".xlsx":
        err.print("[red]Tệp báo cáo phải có đuôi .xlsx.[/red]")
        raise typer.Exit(2)
    if not _folder_exists(output):
        raise typer.Exit(2)
    results = _collect(summarise_file, [p for p in paths if p.resolve() != output.resolve()], jobs, False,
                       as_of=_as_of(as_of), year=year)
    if results is None:
        raise typer.Exit(2)
    lines = [r.summary for r in results if r.ok and r.summary is not None]
    failures = [(r.path, r.error or "") for r in results if not r.ok]
    summary_book(lines, failures, output)
    out.print(f"Đã tổng hợp {len(lines)} chi bộ vào {output}; {len(failures)} tệp không đọc được.")
    raise typer.Exit(2 if failures else 0)


def _read_one(path: Path, as_of: str | None) -> RunResult:
    """One workbook read and evaluated for a document command; a Vietnamese message and exit 2 when it cannot be."""
    try:
        return read_run(path, as_of=_as_of(as_of))
    except ChiboError as exc:
        err.print(f"[red]{exc.message if path.name in exc.message else f'Tệp “{path.name}”: {exc.message}'}[/red]")
        raise typer.Exit(2) from None


@app.command()
def lich(path: Path = typer.Argument(..., help="Tệp workbook của chi bộ"),
         output: Path = typer.Option(..., "--output", help="Tệp lịch (.ics) sẽ ghi, nhập được vào điện thoại"),
         as_of: str | None = AsOfOpt) -> None:
    """Lịch các hạn theo quy định và các bước kế hoạch (.ics), có nhắc trước; nhập lại thì cập nhật, không nhân đôi."""
    from addin.workbook.agenda import agenda, ics_bytes, reminder_days

    if output.suffix.lower() != ".ics":
        err.print("[red]Tệp lịch phải có đuôi .ics.[/red]")
        raise typer.Exit(2)
    result = _read_one(path, as_of)
    cell = result.data.settings.cell_name or path.stem
    events = agenda(result, cell)
    existed = output.exists()
    try:
        write_document(output, ics_bytes(events, cell, dt.datetime.now(dt.UTC)))
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    replaced = " (thay tệp cũ cùng tên)" if existed else ""
    out.print(f"Đã ghi {len(events)} sự kiện vào {output}{replaced}; mỗi sự kiện nhắc trước "
              f"{reminder_days(result)} ngày làm việc. Nhập lại tệp mới thì lịch được cập nhật, không bị nhân đôi.")


@app.command()
def hoso(path: Path = typer.Argument(..., help="Tệp workbook của chi bộ"),
         output: Path = typer.Option(..., "--output", help="Thư mục (đã có) để ghi các bản thảo .docx"),
         person: str | None = typer.Option(None, "--person", help="Chỉ soạn cho người này (họ và tên như trong sổ)"),
         as_of: str | None = AsOfOpt) -> None:
    """Soạn bản thảo Word các văn bản hồ sơ (phân công giúp đỡ, 5-KNĐ, 6-KNĐ, 12-KNĐ, 13-KNĐ) từ sổ theo dõi."""
    from addin.documents.dossier import drafts, write_drafts

    if not output.is_dir():
        err.print(f"[red]Không có thư mục “{output}”. Hãy tạo thư mục đó (hoặc chọn thư mục khác) rồi chạy lại.[/red]")
        raise typer.Exit(2)
    result = _read_one(path, as_of)
    found = drafts(result, person)
    if person is not None and not any(person_key(c.name) == person_key(person) for c in result.data.candidates):
        err.print(f"[red]Không có “{person}” trong sheet '{result.data.register.sheet}' của tệp “{path.name}”.[/red]")
        raise typer.Exit(2)
    if not found:
        who = f"“{person}”" if person else "người nào trong sổ"
        out.print(f"Giai đoạn hiện tại của {who} chưa cần văn bản nào chibo soạn được; không ghi tệp nào.")
        raise typer.Exit(0)
    try:
        report = write_drafts(found, output, path)
    except ChiboError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    for written in report.written:
        out.print(f"Đã soạn {written.name}")
    for existing in report.existing:
        out.print(f"[yellow]Đã có {existing.name} trong thư mục: giữ nguyên, không ghi đè.[/yellow]")
    out.print(f"Đã ghi {len(report.written)} bản thảo vào {output}; {len(report.existing)} tệp đã có được giữ nguyên.")


@app.command()
def new(output: Path = typer.Option(..., "--output", help="Tệp .xlsm sẽ tạo"),
        year: int | None = typer.Option(None, "--year", help="Năm kế hoạch; mặc định: năm sau")) -> None:
    """Tạo workbook mới (.xlsm) có các sheet, nút bấm và hàm DV_, sẵn sàng nhập liệu."""
    from addin.excel.template import build_template

    if output.suffix.lower() != ".xlsm":
        err.print("[red]Tệp mới phải có đuôi .xlsm (workbook có macro cho các nút bấm).[/red]")
        raise typer.Exit(2)
    if output.exists():
        err.print(f"[red]Tệp “{output}” đã có; chibo không ghi đè. Hãy chọn tên khác.[/red]")
        raise typer.Exit(2)
    if not _folder_exists(output):
        raise typer.Exit(2)
    build_template(output, year or dt.date.today().year + 1)
    out.print(f"Đã tạo {output}. Mở bằng Excel, bật macro (Enable Content) rồi nhập danh sách ở sheet 'Theo dõi'.")
