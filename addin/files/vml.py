"""Form buttons as a legacy VML drawing part: the Excel 2007 form control that runs a VBA macro.

What Excel reads, LibreOffice binds to the macro, and openpyxl keeps (no `ctrlProps` parts: Excel does not
need them). A button's place is its `x:Anchor` (column, offset, row, offset in pixels); the CSS position is a
hint computed from the row heights.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from addin.workbook.updates import MacroButton

from .xmlparts import esc

VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
DEFAULT_ROW_POINTS = 15.0
DEFAULT_COLUMN_PIXELS = 64
POINTS_PER_PIXEL = 0.75


def buttons_vml(buttons: Sequence[MacroButton], row_heights: Mapping[int, float]) -> bytes:
    """The VML part drawing `buttons`; `row_heights` (points, by 1-based row) place their CSS hint."""
    shapes = []
    for number, button in enumerate(buttons, start=1):
        left, top = button.offset_px
        above = sum(row_heights.get(r, DEFAULT_ROW_POINTS) for r in range(1, button.row))
        column, row = button.column - 1, button.row - 1
        style = (f"position:absolute;margin-left:{(left + column * DEFAULT_COLUMN_PIXELS) * POINTS_PER_PIXEL:g}pt;"
                 f"margin-top:{above + top * POINTS_PER_PIXEL:g}pt;width:{button.width_px * POINTS_PER_PIXEL:g}pt;"
                 f"height:{button.height_px * POINTS_PER_PIXEL:g}pt;z-index:{number};mso-wrap-style:tight")
        anchor = f"{column}, {left}, {row}, {top}, {column}, {left + button.width_px}, {row}, {top + button.height_px}"
        shapes.append(
            f'<v:shape id="_x0000_s{1024 + number}" type="#_x0000_t201" style="{style}" o:button="t" '
            'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
            '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
            '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:center">'
            f'<font face="Calibri" size="220" color="#000000">{esc(button.caption)}</font></div></v:textbox>'
            f'<x:ClientData ObjectType="Button"><x:Anchor>{anchor}</x:Anchor><x:PrintObject>False</x:PrintObject>'
            f"<x:AutoFill>False</x:AutoFill><x:FmlaMacro>[0]!{esc(button.macro)}</x:FmlaMacro>"
            "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
            '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" '
            'o:spt="201" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" '
            'o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/>'
            f'</v:shapetype>{"".join(shapes)}</xml>').encode()
