package triage

import (
	"fmt"

	"github.com/storewatch/storewatch/policies"
)

// FailOnNone never fails the gate on findings.
const FailOnNone = "none"

// GateOptions is the gate contract: which findings fail a run.
type GateOptions struct {
	// FailOn is a severity (the gate fails on failed findings at or above it) or "none".
	FailOn string
	// FailOnUnknown also fails the gate on checks that could not be decided.
	FailOnUnknown bool
}

// ParseFailOn validates a --fail-on value.
func ParseFailOn(v string) (string, error) {
	if v == FailOnNone {
		return v, nil
	}
	if _, err := policies.ParseSeverity(v); err != nil {
		return "", fmt.Errorf("--fail-on: %w (or none)", err)
	}
	return v, nil
}

// Apply records the gate's verdict in the report. Waived findings never fail the gate.
func Apply(r *policies.Report, opts GateOptions) *policies.Gate {
	g := &policies.Gate{FailOn: opts.FailOn, FailOnUnknown: opts.FailOnUnknown}
	var failing, unknown int
	min := policies.Severity(opts.FailOn)
	for _, f := range r.Findings {
		switch {
		case f.Status == policies.StatusFail && opts.FailOn != FailOnNone && f.Severity.AtLeast(min):
			failing++
		case f.Status == policies.StatusUnknown && opts.FailOnUnknown:
			unknown++
		}
	}
	g.Failing = failing + unknown
	g.Passed = g.Failing == 0
	switch {
	case g.Passed:
		g.Reason = "no failed finding at or above " + opts.FailOn
		if opts.FailOn == FailOnNone {
			g.Reason = "the gate does not fail on findings (--fail-on none)"
		}
	case unknown == 0:
		g.Reason = fmt.Sprintf("%d failed findings at or above %s", failing, opts.FailOn)
	default:
		g.Reason = fmt.Sprintf("%d failed findings at or above %s and %d undecided checks (--fail-on-unknown)", failing, opts.FailOn, unknown)
	}
	r.Gate = g
	return g
}
