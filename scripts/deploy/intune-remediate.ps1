# Intune Remediations: remediation script (run as SYSTEM). Applies only the fixes mailmend can make
# unambiguously, after a backup; a profile whose client is running is refused (exit 3) and fixed on
# a later run. Prints one line (Intune keeps the last one) and nothing on stderr.
$mailmend = Join-Path $env:ProgramFiles 'mailmend\mailmend.exe'
$result = Join-Path $env:ProgramData 'mailmend\fix.json'
& $mailmend fix --all-users --apply --format json --output $result 2>$null
$code = $LASTEXITCODE
try {
  $applied = (Get-Content -Raw $result -ErrorAction Stop | ConvertFrom-Json).applied
  $line = "mailmend fix exit=$code files_fixed=$applied"
} catch {
  $line = "mailmend fix exit=$code (no result)"
}
Write-Output $line.Substring(0, [Math]::Min(2048, $line.Length))
exit 0
