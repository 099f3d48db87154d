;; NSIS script of the Windows installer: hbaccept-<version>-setup.exe, a 64-bit, Chinese setup of
;; the one-folder build. Build dist\hbaccept first (build_exe.spec), then, on Windows with NSIS 3.08 or
;; later (nsis.sourceforge.io) or on Debian/Ubuntu (apt-get install nsis; makensis runs natively):
;;
;;   makensis installer\hbaccept.nsi
;;   makensis -INPUTCHARSET UTF8 installer/hbaccept.nsi
;;
;; It writes dist\installer\hbaccept-<version>-setup.exe (see README, "Windows"). The folders can be
;; given, as scripts/windows/lane.sh does, which builds in its own work folder:
;;   makensis -DDIST=<dist\hbaccept> -DOUTDIR=<folder> installer\hbaccept.nsi
;;
;; Per user by default, so a clerk without admin rights can install (into
;; %LOCALAPPDATA%\Programs\hbaccept, never %LOCALAPPDATA%\hbaccept, where the data lives); those
;; with admin rights are offered "for all users" (C:\Program Files\hbaccept). Installs the
;; one-folder build, Start-menu shortcuts (the program and its self-test), an optional desktop
;; shortcut, and the .hbaccept file type. Windows 10 1809 (build 17763) or later, 64-bit only.
;; Uninstalling removes exactly that: the clerk's documents (saved wherever they chose) and the
;; settings, autosave drafts and self-test report in %LOCALAPPDATA%\hbaccept are never touched, so a
;; reinstall or an upgrade finds them again.
;;
;; Silent, for IT:  hbaccept-<version>-setup.exe /S [/AllUsers] [/DESKTOP] [/D=<folder>]
;;   /S silent; /AllUsers for every user (run it elevated; else the current user); /DESKTOP adds the
;;   desktop shortcut; /D= the folder (last, unquoted). Exit code 0 installed, 2 refused or failed.
;;   Uninstall: "<folder>\uninstall.exe" /S (Apps & features runs it too).

Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10

;; Name and file type: APP_NAME is hbaccept_gui.APP_NAME, FILE_SUFFIX hbaccept_gui.core.storage.FILE_SUFFIX
;; (tests/test_packaging.py keeps them equal). The version comes from the exe's version resource,
;; which build_exe.spec takes from hbaccept_gui.__version__: one place to change it.
!define APP_NAME "验收材料填报助手"
!define FILE_SUFFIX ".hbaccept"
!define PROG_ID "hbaccept.document"
!define FILE_TYPE_NAME "验收材料文件"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\hbaccept"
;; Qt 6 supports Windows 10 1809 and later, and the build uses Windows' own ICU (icuuc.dll, 1703+).
!define MIN_WINDOWS_BUILD 17763

!ifndef DIST
  !define DIST "..\dist\hbaccept"
!endif
!ifndef OUTDIR
  !define OUTDIR "..\dist\installer"
!endif
!if ! /FileExists "${DIST}\hbaccept.exe"
  !error "${DIST}\hbaccept.exe not found: build it first with pyinstaller build_exe.spec"
!endif
!getdllversion "${DIST}\hbaccept.exe" EXE_VERSION_
!define VERSION "${EXE_VERSION_1}.${EXE_VERSION_2}.${EXE_VERSION_3}"
!ifdef NSIS_WIN32_MAKENSIS
  !system 'if not exist "${OUTDIR}" mkdir "${OUTDIR}"' = 0
!else
  !searchreplace OUTDIR_POSIX "${OUTDIR}" "\" "/"
  !system 'mkdir -p "${OUTDIR_POSIX}"' = 0
!endif

Name "${APP_NAME}"
OutFile "${OUTDIR}\hbaccept-${VERSION}-setup.exe"
BrandingText "${APP_NAME} ${VERSION}"
SetCompressor /SOLID lzma
SetCompressorDictSize 64
ShowInstDetails show
ShowUninstDetails show

;; Per user or for all users (NSIS's MultiUser.nsh): "Highest" asks Windows for admin rights only
;; where the account has them; the choice page appears only then, defaulting to the current user.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "hbaccept"
;; An upgrade goes where the last install went, in the same mode.
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INIT_TEXT_ALLUSERSNOTPOSSIBLE "当前账户没有管理员权限，不能为本机所有用户安装。请以管理员身份运行，或只为自己安装。"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include FileFunc.nsh

!define MUI_ICON "..\resources\icons\hbaccept.ico"
!define MUI_UNICON "..\resources\icons\hbaccept.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\hbaccept.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "hbaccept"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "hbaccept"

Section "${APP_NAME}（必需）" SectionProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ;; An upgrade replaces the whole library folder: no file of an older build may linger beside the new.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\hbaccept.exe"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME} 自检.lnk" "$INSTDIR\hbaccept.exe" "--selftest" \
    "$INSTDIR\hbaccept.exe" 0 SW_SHOWNORMAL "" "检查本程序是否完整可用，并把报告保存到文件"

  ;; Double-clicking a save file opens it (hbaccept FILE). SHCTX is HKCU for a per-user install and
  ;; HKLM for an all-users one (both under Software\Classes, which Windows merges into HKCR).
  WriteRegStr SHCTX "Software\Classes\${FILE_SUFFIX}" "" "${PROG_ID}"
  WriteRegStr SHCTX "Software\Classes\${FILE_SUFFIX}\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}" "" "${FILE_TYPE_NAME}"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\hbaccept.exe,0"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\hbaccept.exe" "%1"'
  WriteRegStr SHCTX "Software\Classes\Applications\hbaccept.exe\SupportedTypes" "${FILE_SUFFIX}" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED

  ;; Settings → Apps (uninstall, size, version).
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "hbaccept"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hbaccept.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "桌面快捷方式" SectionDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\hbaccept.exe"
SectionEnd

;; (After the sections: .onInit refers to SectionDesktop.)
Function .onInit
  ;; Windows 10 1809 or later (a 64-bit setup does not start on 32-bit Windows at all).
  ${IfNot} ${AtLeastBuild} ${MIN_WINDOWS_BUILD}
    GetWinVer $0 Major
    GetWinVer $1 Minor
    GetWinVer $2 Build
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 Windows 10 版本 1809（内部版本 ${MIN_WINDOWS_BUILD}）或更高版本的 64 位 Windows。$\r$\n$\r$\n这台电脑的 Windows 版本是 $0.$1.$2，无法安装。请升级 Windows 后再安装。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ;; MultiUser.nsh sets the folder of the mode; a folder given with /D= (already in $INSTDIR, which is
  ;; empty otherwise: there is no InstallDir) wins.
  StrCpy $R9 $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${If} $R9 != ""
    StrCpy $INSTDIR $R9
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DESKTOP" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SectionDesktop} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

;; Exactly what the setup made, and nothing else: never %LOCALAPPDATA%\hbaccept (settings, autosave,
;; self-test report) nor any document.
Section "Uninstall"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hbaccept.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME} 自检.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ;; Our file type; .hbaccept itself only while it still points to us, and its key only when empty.
  ReadRegStr $0 SHCTX "Software\Classes\${FILE_SUFFIX}" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegValue SHCTX "Software\Classes\${FILE_SUFFIX}" ""
  ${EndIf}
  DeleteRegValue SHCTX "Software\Classes\${FILE_SUFFIX}\OpenWithProgids" "${PROG_ID}"
  DeleteRegKey /ifempty SHCTX "Software\Classes\${FILE_SUFFIX}\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\${FILE_SUFFIX}"
  DeleteRegKey SHCTX "Software\Classes\${PROG_ID}"
  DeleteRegKey SHCTX "Software\Classes\Applications\hbaccept.exe"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd
