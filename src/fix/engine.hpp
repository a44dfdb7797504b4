#pragma once
// Placeholder: the fix engine (plan, back up, apply, verify, restore) lands with the fix issue.
