# Intune Remediations: remediation script. Applies only the fixes mailmend can make unambiguously,
# after a backup; a profile whose client is running is refused and retried on the next run.
$ErrorActionPreference = 'Stop'
$mailmend = Join-Path $env:ProgramFiles 'mailmend\mailmend.exe'
& $mailmend fix --all-users --apply --format json --output (Join-Path $env:ProgramData 'mailmend\fix.json') 2>$null
Write-Output "mailmend fix exit=$LASTEXITCODE"
exit 0
