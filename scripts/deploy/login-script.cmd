@echo off
rem Group Policy logon script: audit the user who logs on and drop the report on the share.
rem Exit code 1 means findings, 3 partly unreadable, 2 usage error (see the README).
set SHARE=\\fileserver\mailmend$\reports
"%ProgramFiles%\mailmend\mailmend.exe" audit --format json --output "%SHARE%\%COMPUTERNAME%-%USERNAME%.json"
exit /b 0
