package triage

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/syntaxpos"
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

// maxWaiversBytes bounds a waivers file: some 200,000 waivers.
const maxWaiversBytes = 64 << 20

// LoadWaivers reads a waivers file. Every waiver needs a rule, a resource or tags, a
// reason, an owner and an expiry date (YYYY-MM-DD); a malformed entry fails the load, so a
// typo can never silently keep hiding a finding (fail closed).
func LoadWaivers(file string) ([]Waiver, error) {
	data, err := fileutil.ReadFileLimit(file, maxWaiversBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWaivers, err)
	}
	return ParseWaivers(file, data)
}

// ParseWaivers is LoadWaivers for bytes in memory; file names the source in errors.
func ParseWaivers(file string, data []byte) ([]Waiver, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, problem := syntaxpos.YAML(data, err)
		return nil, fmt.Errorf("%w: %s:%d: %s", ErrWaivers, file, line, problem)
	}
	if len(root.Content) == 0 || isNull(root.Content[0]) {
		return nil, nil
	}
	list, err := waiverList(resolve(root.Content[0]))
	if err != nil {
		return nil, fmt.Errorf("%w: %s:%w", ErrWaivers, file, err)
	}
	out := make([]Waiver, 0, len(list))
	for i, n := range list {
		d, err := decodeWaiver(n)
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: waiver %d: %w", ErrWaivers, file, n.Line, i+1, err)
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

// waiverList is the list under the document's waivers key. Its errors start with the line
// they are about ("3: ..."), as ParseWaivers writes them after the file name.
func waiverList(doc *yaml.Node) ([]*yaml.Node, error) {
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%d: want a mapping with a waivers: list, got %s", doc.Line, yamlKind(doc))
	}
	var list []*yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], resolve(doc.Content[i+1])
		if k.Value != "waivers" {
			return nil, fmt.Errorf(`%d: unknown key "%s" (a waivers file holds one key, waivers: a list)`, k.Line, k.Value)
		}
		if isNull(v) {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%d: waivers: want a list of waivers, got %s", v.Line, yamlKind(v))
		}
		for _, n := range v.Content {
			list = append(list, resolve(n))
		}
	}
	return list, nil
}

// waiverKeys are the keys of a waiver, in the order they are named in errors.
var waiverKeys = []string{"rule", "resource", "tags", "reason", "owner", "expires"}

// decodeWaiver reads one waiver of the list, naming a wrong key or type in words rather
// than in the YAML library's Go types.
func decodeWaiver(n *yaml.Node) (waiverDoc, error) {
	var d waiverDoc
	if n.Kind != yaml.MappingNode {
		return d, fmt.Errorf("want a mapping of %s, got %s", strings.Join(waiverKeys, ", "), yamlKind(n))
	}
	pairs, err := mappingPairs(n)
	if err != nil {
		return d, err
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], resolve(pairs[i+1])
		if k.Value == "tags" {
			tags, err := decodeTags(v)
			if err != nil {
				return d, err
			}
			d.Tags = tags
			continue
		}
		var field *string
		switch k.Value {
		case "rule":
			field = &d.Rule
		case "resource":
			field = &d.Resource
		case "reason":
			field = &d.Reason
		case "owner":
			field = &d.Owner
		case "expires":
			field = &d.Expires
		default:
			return d, fmt.Errorf(`unknown key "%s" at line %d (want %s)`, k.Value, k.Line, strings.Join(waiverKeys, ", "))
		}
		if v.Kind != yaml.ScalarNode {
			return d, fmt.Errorf("%s at line %d: want a string, got %s", k.Value, v.Line, yamlKind(v))
		}
		if !isNull(v) {
			*field = v.Value
		}
	}
	return d, nil
}

// mappingPairs are the keys and values of a mapping, those of the mappings a merge key
// (<<: *defaults) brings in first, so that the mapping's own keys win.
func mappingPairs(n *yaml.Node) ([]*yaml.Node, error) {
	var merged, own []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if k.ShortTag() != "!!merge" {
			own = append(own, k, n.Content[i+1])
			continue
		}
		sources := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			sources = v.Content
		}
		for _, src := range sources {
			if src = resolve(src); src.Kind != yaml.MappingNode {
				return nil, fmt.Errorf("<< at line %d: want a mapping to merge, got %s", src.Line, yamlKind(src))
			}
			pairs, err := mappingPairs(src)
			if err != nil {
				return nil, err
			}
			merged = append(merged, pairs...)
		}
	}
	return append(merged, own...), nil
}

// decodeTags reads a waiver's tags: a mapping of tag keys to values.
func decodeTags(v *yaml.Node) (map[string]string, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("tags at line %d: want a mapping of tag keys to values, got %s", v.Line, yamlKind(v))
	}
	tags := make(map[string]string, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		tk, tv := resolve(v.Content[i]), resolve(v.Content[i+1])
		if tk.Kind != yaml.ScalarNode || tv.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("tags at line %d: want a mapping of tag keys to values (strings), got %s: %s", tk.Line, yamlKind(tk), yamlKind(tv))
		}
		tags[tk.Value] = tv.Value
		if isNull(tv) {
			tags[tk.Value] = ""
		}
	}
	return tags, nil
}

// resolve follows an alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// yamlKind names a node's kind for an error message. Keys and values are quoted as they
// are: the CLI shows control characters in messages as visible escapes.
func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "a number " + n.Value
		case "!!bool":
			return "a boolean " + n.Value
		}
		return `"` + n.Value + `"`
	}
	return "something else"
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
