package triage

import (
	"fmt"

	"github.com/storewatch/storewatch/policies"
)

// Special --fail-on values besides the severities.
const (
	// FailOnNone never fails the gate on findings.
	FailOnNone = "none"
	// FailOnNew fails the gate on failed findings that are not in the baseline.
	FailOnNew = "new"
)

// GateOptions is the gate contract: which findings fail a run.
type GateOptions struct {
	// FailOn is a severity (the gate fails on failed findings at or above it) or "none".
	FailOn string
	// FailOnUnknown also fails the gate on checks that could not be decided.
	FailOnUnknown bool
}

// ParseFailOn validates a --fail-on value.
func ParseFailOn(v string) (string, error) {
	if v == FailOnNone || v == FailOnNew {
		return v, nil
	}
	if _, err := policies.ParseSeverity(v); err != nil {
		return "", fmt.Errorf("--fail-on: %w, new or none", err)
	}
	return v, nil
}

// count is "1 failed finding" or "N failed findings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Apply records the gate's verdict in the report. Waived findings never fail the gate;
// with FailOn "new", only failed findings that the baseline does not know do (and, with
// FailOnUnknown, undecided ones it does not know).
func Apply(r *policies.Report, opts GateOptions) *policies.Gate {
	g := &policies.Gate{FailOn: opts.FailOn, FailOnUnknown: opts.FailOnUnknown}
	var failing, unknown int
	min := policies.Severity(opts.FailOn)
	for _, f := range r.Findings {
		if opts.FailOn == FailOnNew && f.Baseline != "new" {
			continue
		}
		switch {
		case f.Status == policies.StatusFail && opts.FailOn == FailOnNew:
			failing++
		case f.Status == policies.StatusFail && opts.FailOn != FailOnNone && f.Severity.AtLeast(min):
			failing++
		case f.Status == policies.StatusUnknown && opts.FailOnUnknown:
			unknown++
		}
	}
	g.Failing = failing + unknown
	g.Passed = g.Failing == 0
	what := "at or above " + opts.FailOn
	if opts.FailOn == FailOnNew {
		what = "that the baseline does not know"
	}
	switch {
	case g.Passed && opts.FailOn == FailOnNone && !opts.FailOnUnknown:
		g.Reason = "the gate does not fail on findings (--fail-on none)"
	case g.Passed:
		g.Reason = "no failed finding " + what
	case unknown == 0:
		g.Reason = fmt.Sprintf("%s %s", count(failing, "failed finding"), what)
	default:
		g.Reason = fmt.Sprintf("%s %s and %s (--fail-on-unknown)", count(failing, "failed finding"), what, count(unknown, "undecided check"))
	}
	r.Gate = g
	return g
}
