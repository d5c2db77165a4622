package triage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/storewatch/storewatch/policies"
)

// ErrWaivers is wrapped by every error about a waivers file.
var ErrWaivers = errors.New("invalid waivers")

// Waiver accepts a known failure for a while: a rule (id or glob) on resources (id, ARN,
// Terraform address or glob, and/or tags), with a reason, an owner and an expiry date.
type Waiver struct {
	policies.WaiverRef
	File string
	Line int
}

type waiverDoc struct {
	Rule     string            `yaml:"rule"`
	Resource string            `yaml:"resource"`
	Tags     map[string]string `yaml:"tags"`
	Reason   string            `yaml:"reason"`
	Owner    string            `yaml:"owner"`
	Expires  string            `yaml:"expires"`
}

// LoadWaivers reads a waivers file. Every waiver needs a rule, a resource or tags, a
// reason, an owner and an expiry date (YYYY-MM-DD); a malformed entry fails the load, so a
// typo can never silently keep hiding a finding (fail closed).
func LoadWaivers(file string) ([]Waiver, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWaivers, err)
	}
	return ParseWaivers(file, data)
}

// ParseWaivers is LoadWaivers for bytes in memory; file names the source in errors.
func ParseWaivers(file string, data []byte) ([]Waiver, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrWaivers, file, yamlError(err))
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	var top struct {
		Waivers []yaml.Node `yaml:"waivers"`
	}
	dec := root.Content[0]
	if err := decodeStrict(dec, &top); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrWaivers, file, err)
	}
	out := make([]Waiver, 0, len(top.Waivers))
	for i := range top.Waivers {
		n := &top.Waivers[i]
		var d waiverDoc
		if err := decodeStrict(n, &d); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %w", ErrWaivers, file, n.Line, err)
		}
		w, err := d.validate()
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: waiver %d: %w", ErrWaivers, file, n.Line, i+1, err)
		}
		w.File, w.Line = file, n.Line
		out = append(out, w)
	}
	return out, nil
}

func decodeStrict(n *yaml.Node, v any) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return errors.New(yamlError(err))
	}
	return nil
}

func yamlError(err error) string {
	return strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\n ", ""), "yaml: ")
}

func (d waiverDoc) validate() (Waiver, error) {
	var problems []string
	if d.Rule == "" {
		problems = append(problems, "rule is missing")
	} else if _, err := path.Match(d.Rule, ""); err != nil {
		problems = append(problems, fmt.Sprintf("rule %q is not a valid glob", d.Rule))
	}
	if d.Resource == "" && len(d.Tags) == 0 {
		problems = append(problems, "resource or tags is missing (a waiver for every resource is a disabled rule: exclude the rule in storewatch.yaml instead)")
	} else if _, err := path.Match(d.Resource, ""); err != nil {
		problems = append(problems, fmt.Sprintf("resource %q is not a valid glob", d.Resource))
	}
	if strings.TrimSpace(d.Reason) == "" {
		problems = append(problems, "reason is missing")
	}
	if strings.TrimSpace(d.Owner) == "" {
		problems = append(problems, "owner is missing")
	}
	expires, err := time.Parse(time.DateOnly, d.Expires)
	if err != nil {
		problems = append(problems, fmt.Sprintf("expires %q is not a date (YYYY-MM-DD)", d.Expires))
	}
	if len(problems) > 0 {
		return Waiver{}, errors.New(strings.Join(problems, "; "))
	}
	return Waiver{WaiverRef: policies.WaiverRef{Rule: d.Rule, Resource: d.Resource, Tags: d.Tags,
		Reason: d.Reason, Owner: d.Owner, Expires: expires}}, nil
}

// activeOn reports whether the waiver still applies on the given instant: through the
// whole of its expiry day, in UTC.
func (w Waiver) activeOn(now time.Time) bool {
	return now.UTC().Before(w.Expires.AddDate(0, 0, 1))
}

// matches reports whether the waiver covers a finding. Globs use path.Match syntax, where
// "*" does not cross "/" — ARNs and Terraform addresses are matched as whole strings, so
// "arn:aws:s3:::analytics-*" matches every analytics bucket. A resource is named by its id
// (ARN, Terraform address, account id) or ARN, never by its bare name: "orders-db" would
// waive every store of that name in every account and region.
func (w Waiver) matches(f *policies.Finding) bool {
	if ok, _ := path.Match(w.Rule, f.RuleID); !ok {
		return false
	}
	if w.Resource != "" && !globAny(w.Resource, f.Resource.ID, f.Resource.ARN) {
		return false
	}
	for k, v := range w.Tags {
		got, ok := f.Resource.Tags[k]
		if !ok {
			return false
		}
		if match, _ := path.Match(v, got); !match {
			return false
		}
	}
	return true
}

func globAny(pattern string, values ...string) bool {
	for _, v := range values {
		if v == "" {
			continue
		}
		if v == pattern {
			return true
		}
		// A "*" in an ARN or address pattern should cross "/" and ":" too.
		if ok, _ := path.Match(strings.ReplaceAll(pattern, "/", "\x00"), strings.ReplaceAll(v, "/", "\x00")); ok {
			return true
		}
	}
	return false
}

// ApplyWaivers hides the failing and undecided findings an active waiver covers (status
// waived), marks those an expired waiver would have covered (they keep their status), and
// records every waiver's state in the report: active, expired, or stale (matching nothing).
func ApplyWaivers(r *policies.Report, waivers []Waiver, now time.Time) {
	states := make([]policies.WaiverState, len(waivers))
	for i, w := range waivers {
		states[i] = policies.WaiverState{WaiverRef: w.WaiverRef, File: w.File, Line: w.Line}
		states[i].Expired = !w.activeOn(now)
	}
	for fi := range r.Findings {
		f := &r.Findings[fi]
		if f.Status != policies.StatusFail && f.Status != policies.StatusUnknown {
			continue
		}
		// Every waiver that covers the finding counts it, so that a second waiver of the
		// same finding (a team's narrower one beside a broad one) is not reported stale;
		// the first active one in the file is the one the finding names.
		waived := false
		for i, w := range waivers {
			if !w.matches(f) {
				continue
			}
			states[i].Matched++
			if waived {
				continue
			}
			ref := w.WaiverRef
			ref.Expired = states[i].Expired
			if ref.Expired {
				if f.Waiver == nil {
					f.Waiver = &ref
				}
				continue
			}
			f.Status = policies.StatusWaived
			f.Waiver = &ref
			waived = true
		}
	}
	for i := range states {
		switch {
		case states[i].Expired:
			states[i].State = policies.WaiverExpired
		case states[i].Matched == 0:
			states[i].State = policies.WaiverStale
		default:
			states[i].State = policies.WaiverActive
		}
	}
	r.Waivers = states
	r.Summarize()
}
