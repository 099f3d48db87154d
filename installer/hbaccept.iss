; Inno Setup script of the Windows installer. Build dist\hbaccept first (build_exe.spec), then
;   ISCC installer\hbaccept.iss
; writes dist\installer\hbaccept-<version>-setup.exe (see README, "Windows").
;
; Per user by default, so a clerk without admin rights can install; the first page offers
; "for all users" to those who have them. Installs the one-folder build, Start-menu shortcuts
; (the program and its self-test), an optional desktop shortcut, and the .hbaccept file type.
; Uninstalling removes exactly that: the clerk's documents (saved wherever they chose) and the
; settings and autosave data in %LOCALAPPDATA%\hbaccept are never touched, so a reinstall or an
; upgrade finds them again.

; The wizard speaks Chinese. Recent Inno Setup releases ship ChineseSimplified.isl; older ones
; have it among the translations on the Inno Setup website, to be copied into the compiler's Languages folder.
#define ChineseMessages AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
#if !FileExists(ChineseMessages)
  #error Languages\ChineseSimplified.isl is missing from Inno Setup: use a release that ships it, or copy the Simplified Chinese translation from the Inno Setup website (translations page) into its Languages folder
#endif

#define AppExe AddBackslash(SourcePath) + "..\dist\hbaccept\hbaccept.exe"
#if !FileExists(AppExe)
  #error dist\hbaccept\hbaccept.exe not found: build it first with pyinstaller build_exe.spec
#endif
; Name and version come from the exe's version resource, which build_exe.spec takes from the
; package (hbaccept_gui.__version__, APP_NAME): one place to change them.
#define AppName GetStringFileInfo(AppExe, "ProductName")
#define AppVersion GetStringFileInfo(AppExe, "ProductVersion")
; The save-file type; the suffix is hbaccept_gui.core.storage.FILE_SUFFIX.
#define FileSuffix ".hbaccept"
#define ProgId "hbaccept.document"

[Setup]
AppId={{F0429C90-CD28-4959-9AF3-8BD2CF6D2EFC}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=hbaccept
VersionInfoVersion={#AppVersion}
; Per user: %LOCALAPPDATA%\Programs\hbaccept (never %LOCALAPPDATA%\hbaccept, where the data lives).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\hbaccept
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
SetupIconFile=..\resources\icons\hbaccept.ico
UninstallDisplayIcon={app}\hbaccept.exe
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\dist\installer
OutputBaseFilename=hbaccept-{#AppVersion}-setup

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole library folder: no file of an older build may linger beside the new.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\hbaccept\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\hbaccept.exe"
Name: "{group}\{#AppName} 自检"; Filename: "{app}\hbaccept.exe"; Parameters: "--selftest"; Comment: "检查本程序是否完整可用，并把报告保存到文件"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\hbaccept.exe"; Tasks: desktopicon

[Registry]
; Double-clicking a save file opens it (hbaccept FILE). HKA is HKCU for a per-user install and
; HKLM for an all-users one; uninstalling removes our type, our values and keys left empty.
Root: HKA; Subkey: "Software\Classes\{#FileSuffix}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#FileSuffix}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "验收材料文件"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\hbaccept.exe,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\hbaccept.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\hbaccept.exe"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\hbaccept.exe\SupportedTypes"; ValueType: string; ValueName: "{#FileSuffix}"; ValueData: ""

[Run]
Filename: "{app}\hbaccept.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
