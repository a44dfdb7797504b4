@echo off
rem Group Policy logon script: audit the user who logs on and drop the report on the share.
rem Exit code 1 means findings, 3 partly unreadable, 2 usage error (see the README).
rem MAILMEND_SHARE and MAILMEND_EXE override the share and the program (defaults below).
if not defined MAILMEND_SHARE set MAILMEND_SHARE=\\fileserver\mailmend$\reports
if not defined MAILMEND_EXE set MAILMEND_EXE=%ProgramFiles%\mailmend\mailmend.exe
"%MAILMEND_EXE%" audit --format json --output "%MAILMEND_SHARE%\%COMPUTERNAME%-%USERNAME%.json"
exit /b 0
