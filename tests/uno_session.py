"""Run a snippet inside LibreOffice through UNO: one headless office per call, with its own profile.

The snippet runs in the system Python that carries `uno` (conftest.UNO_PYTHON). It sees `args` (the
arguments after the profile), `load(path)` (a hidden document), `form_buttons(draw_page)` (each form
control's label and bound macros) and fills the dict `result`, printed back as JSON.
"""
from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from conftest import UNO_PYTHON

_FRAME = '''\
import json, os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

profile, args = sys.argv[1], sys.argv[2:]
pipe = f"chibo_test_{{os.getpid()}}"
office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{{profile}}", "--headless", "--invisible",
                           "--norestore", f"--accept=pipe,name={{pipe}};urp;"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
result = {{}}
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={{pipe}};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    hidden = PropertyValue(); hidden.Name, hidden.Value = "Hidden", True

    def load(path):
        return desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))

    def form_buttons(draw_page):
        buttons = []
        forms = draw_page.Forms
        for f in range(forms.Count):
            form = forms.getByIndex(f)
            for i in range(form.Count):
                buttons.append([form.getByIndex(i).Label, [e.ScriptCode for e in form.getScriptEvents(i)]])
        return buttons

{body}
    print(json.dumps(result, ensure_ascii=False))
finally:
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
'''


def run_uno(body: str, args: list[str], workdir: Path, timeout: int = 240) -> dict:
    """Run `body` (Python, at the indentation of a function body) in LibreOffice and return its `result`."""
    script = workdir / "uno_snippet.py"
    script.write_text(_FRAME.format(body=textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")), encoding="utf-8")
    done = subprocess.run([UNO_PYTHON, str(script), str(workdir / "lo-profile"), *args],
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
