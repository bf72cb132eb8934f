Attribute VB_Name = "ChiboButtons"
Option Explicit

' The buttons of the sheet "Huong dan". Each runs one handler of addin.excel.buttons
' through xlwings (the module "xlwings" of this project); the Python interpreter is set
' by INTERPRETER_WIN on the sheet "xlwings.conf".

Sub KiemTraHoSo()
    RunPython "import addin.excel.buttons as b; b.check()"
End Sub

Sub CapNhatChiTieu()
    RunPython "import addin.excel.buttons as b; b.quota()"
End Sub

Sub LapKeHoachNam()
    RunPython "import addin.excel.buttons as b; b.plan()"
End Sub

Sub LamMoiTatCa()
    RunPython "import addin.excel.buttons as b; b.refresh()"
End Sub

Sub SoanHoSo()
    RunPython "import addin.excel.buttons as b; b.dossiers()"
End Sub
