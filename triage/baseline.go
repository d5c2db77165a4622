package triage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/syntaxpos"
	"github.com/storewatch/storewatch/policies"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = "1.0"

// ErrBaseline is wrapped by every error about a baseline file.
var ErrBaseline = errors.New("invalid baseline")

// Baseline is the set of findings known to fail (or to be undecided) at some point: a CI
// gate with --fail-on new fails only on findings that are not in it. Entries are keyed by
// the stable finding id, which does not change when resources are reordered, renamed or
// joined by unrelated ones.
type Baseline struct {
	SchemaVersion string                   `json:"schema_version"`
	Tool          policies.ToolInfo        `json:"tool"`
	Findings      []policies.BaselineEntry `json:"findings"`
}

// NewBaseline records the report's failing and undecided findings (waived ones too: a
// waiver that expires must not turn a known finding into a "new" one).
func NewBaseline(r *policies.Report) *Baseline {
	b := &Baseline{SchemaVersion: BaselineVersion, Tool: r.Tool, Findings: []policies.BaselineEntry{}}
	for _, f := range r.Findings {
		if f.Status == policies.StatusPass {
			continue
		}
		b.Findings = append(b.Findings, policies.BaselineEntry{ID: f.ID, RuleID: f.RuleID, Resource: f.Resource.ID, Status: f.Status})
	}
	slices.SortFunc(b.Findings, func(a, b policies.BaselineEntry) int { return strings.Compare(a.ID, b.ID) })
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// maxBaselineBytes bounds a baseline file: the million findings of 100,000 stores take
// about 250 MiB.
const maxBaselineBytes = 512 << 20

// LoadBaseline reads a baseline file.
func LoadBaseline(file string) (*Baseline, error) {
	data, err := fileutil.ReadFileLimit(file, maxBaselineBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBaseline, err)
	}
	return ParseBaseline(file, data)
}

// ParseBaseline is LoadBaseline for bytes in memory; file names the source in errors.
func ParseBaseline(file string, data []byte) (*Baseline, error) {
	// A JSON report has findings too, of another shape: name it rather than its first
	// finding's resource.
	var head struct {
		Summary json.RawMessage `json:"summary"`
	}
	if json.Unmarshal(data, &head) == nil && head.Summary != nil {
		return nil, fmt.Errorf("%w: %s is a storewatch JSON report, not a baseline (write one with scanner baseline create SNAPSHOT)", ErrBaseline, file)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%w: %s: %s: not a storewatch baseline (write one with scanner baseline create)", ErrBaseline, file, typeProblem(te))
		}
		// encoding/json says only a byte offset, which no editor goes to; the snapshot's
		// reader words its position the same way.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := syntaxpos.Offset(data, se.Offset)
			return nil, fmt.Errorf("%w: %s: malformed JSON at line %d, column %d: %s", ErrBaseline, file, line, col, se.Error())
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrBaseline, file, err)
	}
	if b.SchemaVersion == "" {
		return nil, fmt.Errorf("%w: %s: no schema_version: not a storewatch baseline (write one with scanner baseline create)", ErrBaseline, file)
	}
	if b.SchemaVersion != BaselineVersion {
		return nil, fmt.Errorf("%w: %s: schema_version %q is not supported (want %s; recreate it with scanner baseline create)", ErrBaseline, file, b.SchemaVersion, BaselineVersion)
	}
	// A snapshot has the same schema_version: taken as an empty baseline, it made every
	// finding new, a gate failure (exit 1) where the input was wrong (exit 2).
	if b.Findings == nil {
		return nil, fmt.Errorf("%w: %s: no findings list: not a baseline (write one with scanner baseline create)", ErrBaseline, file)
	}
	for i, e := range b.Findings {
		if e.ID == "" {
			return nil, fmt.Errorf("%w: %s: finding %d has no id", ErrBaseline, file, i+1)
		}
		// A status the baseline does not know would make an undecided check an accepted
		// failure (ApplyBaseline): fail closed.
		switch e.Status {
		case "", policies.StatusFail, policies.StatusUnknown, policies.StatusWaived:
		default:
			return nil, fmt.Errorf("%w: %s: finding %d has status %q (want fail, unknown or waived)", ErrBaseline, file, i+1, e.Status)
		}
	}
	return &b, nil
}

// typeProblem says where a baseline holds a value of the wrong type, as a JSON pointer, and
// what is wanted there, without the Go types encoding/json names.
func typeProblem(te *json.UnmarshalTypeError) string {
	want := "another type"
	switch te.Type.Kind() {
	case reflect.Slice, reflect.Array:
		want = "a list"
	case reflect.Struct, reflect.Map:
		want = "an object"
	case reflect.String:
		want = "a string"
	case reflect.Bool:
		want = "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		want = "a number"
	}
	where := "/" + strings.ReplaceAll(te.Field, ".", "/")
	return fmt.Sprintf("at %s: want %s, got %s", where, want, te.Value)
}

// ApplyBaseline marks each failing or undecided finding new or existing and lists the
// baseline's findings of the judged rules that no longer fail as resolved. A failing
// finding the baseline knows only as undecided is new.
func ApplyBaseline(r *policies.Report, b *Baseline, file string) {
	known := make(map[string]policies.BaselineEntry, len(b.Findings))
	for _, e := range b.Findings {
		known[e.ID] = e
	}
	res := &policies.BaselineResult{File: file, Resolved: []policies.BaselineEntry{}}
	still := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Status == policies.StatusPass {
			continue
		}
		id := f.ID
		if _, ok := known[id]; !ok {
			id = movedFindingID(f)
		}
		if e, ok := known[id]; ok && id != "" {
			still[id] = true
			// A check the baseline recorded as undecided was never accepted as failing:
			// once its facts are collected and it fails, the failure is new.
			if e.Status == policies.StatusUnknown && f.Status == policies.StatusFail {
				f.Baseline = "new"
				res.New++
				continue
			}
			f.Baseline = "existing"
			if f.Status == policies.StatusFail {
				res.Existing++
			}
			continue
		}
		f.Baseline = "new"
		if f.Status == policies.StatusFail {
			res.New++
		}
	}
	// A rule this run did not judge (--service s3, --rule) fixed nothing: only the findings
	// of the rules in the report, or of any rule when it names none, can be resolved.
	judged := make(map[string]bool, len(r.Rules))
	for _, rule := range r.Rules {
		judged[rule.ID] = true
	}
	for _, e := range b.Findings {
		if still[e.ID] || (len(judged) > 0 && e.RuleID != "" && !judged[e.RuleID]) {
			continue
		}
		res.Resolved = append(res.Resolved, e)
	}
	r.Baseline = res
}

// movedFindingID is the id the finding had before a Terraform moved block renamed its
// resource (the plan's previous_address), or "". A rename changes no AWS resource, so the
// baseline's findings on the old address are the same findings.
func movedFindingID(f *policies.Finding) string {
	if f.Resource == nil || f.Resource.Source == nil || f.Resource.Source.PreviousAddress == "" {
		return ""
	}
	prev := *f.Resource
	prev.ID = f.Resource.Source.PreviousAddress
	return policies.FindingID(f.RuleID, &prev)
}
