@echo off
rem Group Policy logon script: audit the user who logs on, drop the report on the share and keep
rem the results database osquery reads in %LOCALAPPDATA%\mailmend (docs/osquery.md), from one run.
rem Exit code 1 means findings, 3 partly unreadable, 2 usage error (see the README).
rem MAILMEND_SHARE and MAILMEND_EXE override the share and the program (defaults below).
if not defined MAILMEND_SHARE set MAILMEND_SHARE=\\fileserver\mailmend$\reports
if not defined MAILMEND_EXE set MAILMEND_EXE=%ProgramFiles%\mailmend\mailmend.exe
if not exist "%LOCALAPPDATA%\mailmend" mkdir "%LOCALAPPDATA%\mailmend"
"%MAILMEND_EXE%" audit --output "json=%MAILMEND_SHARE%\%COMPUTERNAME%-%USERNAME%.json" --output "sqlite=%LOCALAPPDATA%\mailmend\results.sqlite"
exit /b 0
