; Inno Setup 6.3+ script: per-user, offline installer for Chỉ số Desktop.
; Saved as UTF-8 with BOM (Inno Setup needs the BOM to read the Vietnamese text).
;
; Build it with packaging\windows\build.ps1, which runs PyInstaller first and
; then:  ISCC.exe /DAppVersion=<chiso_desktop.__version__> packaging\windows\chiso.iss
;
; - Installs for the current user only, no administrator: PrivilegesRequired=lowest,
;   into %LOCALAPPDATA%\Programs\ChiSoDesktop.
; - Start-menu shortcut, desktop shortcut (a task, ticked by default).
; - .chiso opens in the app: HKCU\Software\Classes\.chiso -> ChiSo.Bundle.
; - The user's data lives in %LOCALAPPDATA%\chiso-desktop (platformdirs), a
;   different folder that this script never names in [InstallDelete] or
;   [UninstallDelete]: upgrades and uninstalls keep it.
; - Everything it installs is inside the setup .exe; it downloads nothing.
; - Vietnamese by default (Vietnamese.isl beside this script, written and kept by
;   the project), English as a choice in the first dialog; no other question
;   (no folder, no Start-menu group, no install mode).
; - Signed when build.ps1 is given a certificate: it passes /DSignTool and a
;   /Schiso=... command, and Inno Setup signs the setup and the uninstaller.

#define AppName "Chỉ số Desktop"
#define AppExe "chiso-desktop.exe"
#define CliExe "chiso.exe"
#define ProgId "ChiSo.Bundle"
#define BuildDir AddBackslash(SourcePath) + "..\..\dist\chiso-desktop"

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 chiso.iss (build.ps1 does this)
#endif
#ifndef FileVersion
  ; Windows wants four numbers here; build.ps1 passes them (0.1.0 -> 0.1.0.0).
  #define FileVersion AppVersion
#endif

[Setup]
; AppId identifies the app across versions (upgrade in place); never change it.
AppId={{9863FA97-E0A1-4194-820E-9915C15A8218}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#FileVersion}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\ChiSoDesktop
; Nothing technical to answer: the folder and the Start-menu group are fixed.
DisableDirPage=yes
DisableProgramGroupPage=yes
; Vietnamese first whatever the Windows display language; English can be picked.
LanguageDetectionMethod=none
ShowLanguageDialog=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\..\resources\icons\chiso.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist\installer
OutputBaseFilename=ChiSoDesktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#ifdef SignTool
SignTool=chiso
SignedUninstaller=yes
#endif

[Languages]
; The first entry is the default. Vietnamese.isl holds every Inno Setup message in
; Vietnamese (tests/packaging/test_installer.py checks it against Default.isl).
Name: "vietnamese"; MessagesFile: "Vietnamese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
english.ConfirmUninstall=Are you sure you want to completely remove %1? Your data (database, keys, backups) is kept.

[CustomMessages]
english.BundleFileType=Chỉ số Desktop bundle

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Remove the previous version's program files so no stale library survives an
; upgrade. Only the program folder: the user's data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; .chiso -> ChiSo.Bundle, per user (HKCU\Software\Classes), no administrator needed.
Root: HKCU; Subkey: "Software\Classes\.chiso"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.chiso"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-chiso-bundle"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.chiso\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".chiso"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the program may have written inside its own folder (never the data folder).
Type: filesandordirs; Name: "{app}\_internal"
