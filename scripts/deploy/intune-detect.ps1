# Intune Remediations: detection script (run as SYSTEM, 64-bit PowerShell).
# Audits every user profile and keeps the JSON report and the results database osquery reads
# (docs/osquery.md) in %ProgramData%\mailmend, then asks mailmend for its fix plan: exit 1 exactly
# when `mailmend fix` has changes pending, i.e. when the remediation script would change something.
# Findings no fix can carry (an app password to create, an account to re-add) are counted in the
# line but do not make the remediation run again and again.
# Intune keeps the last line of output (at most 2,048 characters): one summary line, and nothing
# on stderr (Intune counts any stderr as a script error).
$mailmend = Join-Path $env:ProgramFiles 'mailmend\mailmend.exe'
$outDir = Join-Path $env:ProgramData 'mailmend'
New-Item -ItemType Directory -Force -Path $outDir -ErrorAction Stop | Out-Null
$report = Join-Path $outDir 'report.json'
$results = Join-Path $outDir 'results.sqlite'
$plan = Join-Path $outDir 'plan.json'
# Native programs are run with the default ErrorActionPreference: under 'Stop', Windows PowerShell
# 5.1 turns a redirected stderr line of a native program into a terminating error.
& $mailmend audit --all-users --fail-on never --output "json=$report" --output "sqlite=$results" 2>$null
$audit = $LASTEXITCODE
& $mailmend fix --all-users --format json --output $plan 2>$null
$code = $LASTEXITCODE
try {
  $summary = (Get-Content -Raw $report -ErrorAction Stop | ConvertFrom-Json).summary
  $files = @((Get-Content -Raw $plan -ErrorAction Stop | ConvertFrom-Json).files).Count
  $line = "mailmend audit=$audit accounts=$($summary.accounts) errors=$($summary.errors) warnings=$($summary.warnings) files_to_fix=$files fix=$code"
} catch {
  $line = "mailmend audit=$audit fix=$code (no report)"
}
Write-Output $line.Substring(0, [Math]::Min(2048, $line.Length))
if ($code -eq 1) { exit 1 }   # changes pending: let the remediation script run
exit 0                        # 0 nothing to fix; 2 and 3 are in the line, not remediated
