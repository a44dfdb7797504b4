# Intune Remediations: detection script. Runs mailmend over every user profile, keeps the JSON
# report for collection, prints one short line (Intune keeps the last line, 2048 characters at
# most) and exits 1 when an error-level finding needs remediation.
$ErrorActionPreference = 'Stop'
$mailmend = Join-Path $env:ProgramFiles 'mailmend\mailmend.exe'
$outDir = Join-Path $env:ProgramData 'mailmend'
New-Item -ItemType Directory -Force -Path $outDir | Out-Null
$report = Join-Path $outDir 'report.json'
& $mailmend audit --all-users --format json --fail-on error --output $report 2>$null
$code = $LASTEXITCODE
$summary = (Get-Content -Raw $report | ConvertFrom-Json).summary
$line = "mailmend exit=$code accounts=$($summary.accounts) errors=$($summary.errors) warnings=$($summary.warnings)"
Write-Output $line.Substring(0, [Math]::Min(2048, $line.Length))
if ($code -eq 1) { exit 1 }   # findings: let the remediation script run
exit 0                        # 0 clean; 2/3 are reported in the line, not remediated
