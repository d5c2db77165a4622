package policies

import "fmt"

// Severity ranks how much a failing rule matters.
type Severity string

// The severities, from most to least severe.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
	SeverityInfo     Severity = "info"
)

var severityRank = map[Severity]int{
	SeverityCritical: 5, SeverityHigh: 4, SeverityMedium: 3, SeverityLow: 2, SeverityInfo: 1,
}

// Severities lists the severities from most to least severe.
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo}
}

// Rank orders severities: critical is 5, info is 1, an unknown value 0.
func (s Severity) Rank() int { return severityRank[s] }

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() >= min.Rank() }

// ParseSeverity accepts a severity name.
func ParseSeverity(v string) (Severity, error) {
	s := Severity(v)
	if s.Rank() == 0 {
		return "", fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", v)
	}
	return s, nil
}

// DefaultSecuritySeverity is the GitHub security-severity score a rule gets when its
// metadata gives none: the middle of the band GitHub maps to the same label.
func (s Severity) DefaultSecuritySeverity() float64 {
	switch s {
	case SeverityCritical:
		return 9.5
	case SeverityHigh:
		return 8.0
	case SeverityMedium:
		return 5.5
	case SeverityLow:
		return 3.0
	default:
		return 1.0
	}
}

// SecuritySeverityBand reports whether score falls in the band GitHub maps to the severity
// (critical above 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
func (s Severity) SecuritySeverityBand(score float64) bool {
	switch s {
	case SeverityCritical:
		return score > 9.0 && score <= 10
	case SeverityHigh:
		return score >= 7.0 && score <= 9.0
	case SeverityMedium:
		return score >= 4.0 && score < 7.0
	case SeverityLow, SeverityInfo:
		return score >= 0.1 && score < 4.0
	}
	return false
}
