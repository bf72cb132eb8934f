"""The names a Lite workbook's `main.py` uses: its scripts (with their buttons) and the DV_ functions.

Shared by the Lite front (`lite`, which needs xlwings' server module) and the workbook writer (`lite_book`).
"""
from __future__ import annotations

# The scripts a Lite workbook binds to its buttons: handler below, caption (as the classic buttons'), shape name.
SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("check", "Kiểm tra hồ sơ", "KiemTraHoSo"),
    ("quota", "Cập nhật chỉ tiêu", "CapNhatChiTieu"),
    ("plan", "Lập kế hoạch năm", "LapKeHoachNam"),
    ("refresh", "Làm mới tất cả", "LamMoiTatCa"),
    ("dossiers", "Soạn hồ sơ", "SoanHoSo"),
    ("calendar", "Xuất lịch (.ics)", "XuatLich"),
)
UDF_NAMES = ("DV_TUOI", "DV_THANG_TUOI", "DV_HET_DU_BI", "DV_HAN_LE_KET_NAP", "DV_HAN_XET_CHINH_THUC",
             "DV_HAN_QUYET_DINH", "DV_NGAY_LAM_VIEC", "DV_GCN_CON_HAN", "DV_GIAI_DOAN")
