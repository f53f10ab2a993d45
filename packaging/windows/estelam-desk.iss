; The Windows installer of the one-folder build (Inno Setup 6): dist\estelam-desk\ becomes
; dist\estelam-desk-VERSION-setup.exe. Build the folder first (README, "Building the app"),
; then, with the project's virtual environment active, from the project folder:
;
;   & "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" "/DAppVersion=$(python -c 'import desktop; print(desktop.__version__)')" packaging\windows\estelam-desk.iss
;
; The version comes from the package on the command line, so the installer cannot name
; another one. The installer asks whether to install for every user (Program Files, needs
; an administrator) or for the current user only (their own Programs folder, no
; administrator). Add/Remove Programs shows the name, version and icon; the uninstaller
; removes the program and its shortcuts, and leaves each clerk's data folder
; (%LOCALAPPDATA%\Estelam Desk: settings, job store, audit trail) alone.

#ifndef AppVersion
  #error Pass the package's version: ISCC.exe /DAppVersion=X.Y.Z estelam-desk.iss
#endif

#define AppName "Estelam Desk"
; the windowed executable build.spec makes; estelam-desk-cli.exe comes along in the folder
#define AppExe "estelam-desk.exe"
; build.spec's one-folder build, relative to this script
#define BuildDir "..\..\dist\estelam-desk"

[Setup]
; Identifies the app to Windows across versions: an upgrade replaces, never duplicates.
AppId={{EAB13E75-538F-474D-AAD7-F6BFCE326C62}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Every user by default; the dialog offers "only for me", which needs no administrator.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\estelam-desk.ico
OutputDir=..\..\dist
OutputBaseFilename=estelam-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
; Inno Setup ships no Persian messages of its own; the app itself speaks Persian.
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
