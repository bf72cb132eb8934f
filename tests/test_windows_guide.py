"""docs/huong-dan-windows.md against what it describes: xlwings 0.37.8's own VBA, the template, the buttons."""
from __future__ import annotations

import re
import warnings
from pathlib import Path, PureWindowsPath

import pytest
import xlwings

from addin.excel import adapter, buttons
from addin.excel.template import BUTTONS, CONF_ENTRIES, INTERPRETER_WIN

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "huong-dan-windows.md").read_text("utf-8")
DLL64, DLL32 = "xlwings64-0.37.8.dll", "xlwings32-0.37.8.dll"


@pytest.fixture(scope="module")
def runtime() -> str:
    """The VBA module `xlwings` every chibo workbook carries (from xlwings' quickstart_standalone.xlsm)."""
    with warnings.catch_warnings():  # oletools uses deprecated pyparsing names
        warnings.simplefilter("ignore")
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")))
    try:
        return next(code for _, stream, _, code in parser.extract_macros() if Path(stream).stem == "xlwings")
    finally:
        parser.close()


def _section(number: int) -> str:
    match = re.search(rf"^## {number}\. .*?(?=^## \d+\. |\Z)", GUIDE, re.M | re.S)
    assert match, f"§{number}"
    return match.group(0)


def _commands() -> list[str]:
    return [line.strip() for block in re.findall(r"```bat\n(.*?)```", GUIDE, re.S) for line in block.splitlines()]


def test_one_installer_and_the_matching_py_command() -> None:
    installers = set(re.findall(r"python-(\d+)\.(\d+)\.(\d+)-amd64\.exe", GUIDE))
    assert installers == {("3", "11", "9")}  # the last 3.11 with a Windows installer, 64-bit
    assert "https://www.python.org/ftp/python/3.11.9/python-3.11.9-amd64.exe" in GUIDE
    versions = set(re.findall(r"\bpy -(\d+\.\d+)\b", GUIDE))
    assert versions == {"3.11"}


def test_always_64_bit_python_even_with_32_bit_excel() -> None:
    assert "Luôn dùng Python 64-bit, kể cả khi Excel là bản 32-bit." in " ".join(_section(1).split())
    assert "cần Python 32-bit" not in GUIDE
    assert DLL32 in _section(8) and DLL64 in _section(8)


def test_dll_names_and_folders_are_those_the_vba_loads(runtime: str) -> None:
    """The VBA loads the DLL with LoadLibraryA from the interpreter's folder, then its parent: for
    <venv>\\Scripts\\pythonw.exe that is the venv's root, where the win_amd64 wheel puts both DLLs."""
    assert f'Const XLPyDLLName As String = "{DLL64}"' in runtime
    assert f'Const XLPyDLLName As String = "{DLL32}"' in runtime
    assert 'Alias "LoadLibraryA"' in runtime  # an ANSI path: hence C:\chibo\.venv for Vietnamese user names
    assert 'LoadLibrary(ParentFolder(ParentFolder(PYTHON_WIN)) + "\\" + XLPyDLLName)' in runtime
    venv_root = PureWindowsPath(INTERPRETER_WIN).parent.parent
    assert f'dir "{venv_root / DLL64}"' in _commands()
    assert str(venv_root) == r"%LOCALAPPDATA%\chibo\.venv"


def test_quoted_xlwings_messages_are_xlwings_own(runtime: str) -> None:
    troubleshooting = _section(8)
    assert '"Could not find Interpreter!"' in runtime and '"Could not find Interpreter!"' in troubleshooting
    assert '"Could not load " + XLPyDLLName + " from either of the following folders: "' in runtime
    assert f'"Could not load {DLL64} from either of the following folders: …"' in troubleshooting
    assert '"Could not activate Python COM server, hr = -2147221164"' in troubleshooting  # in the DLL, not the VBA
    assert re.search(r"^Sub KillPy\(\)$", runtime, re.M)  # public, no argument: listed by Alt+F8
    assert "**Alt+F8**" in troubleshooting and "**`KillPy`**" in troubleshooting
    assert "Restart UDF Server" not in GUIDE  # needs the xlwings tab, which the secretary does not have
    for bar in ("SECURITY RISK Microsoft has blocked macros from running because the source of this file is untrusted.",
                "SECURITY WARNING Macros have been disabled."):
        assert bar in " ".join(_section(4).split()) and bar in " ".join(troubleshooting.split())


def test_conf_table_is_the_template_sheet() -> None:
    rows = re.findall(r"^\| `([A-Z_ ]+)` \| (`[^`]*`|\(để trống\)) \|", _section(5), re.M)
    assert [(key, value.strip("`") if value != "(để trống)" else "") for key, value in rows] == [
        (key, value) for key, value, _ in CONF_ENTRIES]
    assert r"C:\chibo\.venv\Scripts\pythonw.exe" in _section(5) and "**ô B1**" in _section(5)


def test_chibo_is_run_by_its_full_path_into_an_existing_folder() -> None:
    commands = _commands()
    assert not [c for c in commands if c.startswith("chibo ")]  # never "chibo" from PATH
    runs = [c for c in commands if "chibo.exe" in c]
    assert runs and all(c.startswith(r'"%LOCALAPPDATA%\chibo\.venv\Scripts\chibo.exe"') for c in runs)
    new = next(c for c in runs if " new " in c)
    folder = str(PureWindowsPath(re.search(r'--output "([^"]+)"', new).group(1)).parent)
    assert commands.index(f'mkdir "{folder}"') < commands.index(new)  # created before it is used
    assert f"chọn thư mục `{folder}`" in _section(4)  # the same folder is the Trusted Location


def test_every_button_is_described() -> None:
    table = re.findall(r"^\| \*\*(.+?)\*\* \|", _section(6), re.M)
    assert table == [b.caption for b in BUTTONS]


def test_guide_and_button_messages_say_the_same_thing() -> None:
    """§6 quotes the alerts word for word, and they say what the buttons really do (tests/test_buttons.py)."""
    section = " ".join(_section(6).split())
    assert f'"{buttons.UNCHANGED}"' in section
    source = " ".join(Path(adapter.__file__).read_text("utf-8").split())
    for quoted in ("chibo đã trả lại các giá trị, dòng, sheet và tên vùng như trước khi bấm nút; chỉ định dạng ở các "
                   "vùng chibo ghi có thể đã đổi", "sổ có thể mới được cập nhật một phần"):
        assert quoted in section
        assert quoted.replace('"', "") in source.replace('" "', "").replace('"', "")
    assert "không ghi gì vào sổ khi lần chạy bị lỗi giữa chừng" not in " ".join(GUIDE.split())
