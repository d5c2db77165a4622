package bench

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// FloorRules are the rules the plain-Go floor implements: one of each shape the catalog
// has — a per-store rule with a parameter table and a set difference (SW-LX-01), posture
// coverage over every store collection (SW-TC-07, SW-TI-09), per-direction data events with
// several unknown cases (SW-DE-03, SW-DE-04) and an account-level control (SW-MF-01).
//
// The floor is what the same rules cost with no policy engine at all: Go code that reads the
// resolved snapshot's typed structs and builds the same findings, message for message and
// evidence for evidence (TestFloorMatchesEngine holds it to that). Evaluating these rules
// with the engine, divided by the floor, is the price of writing rules in Rego.
var FloorRules = []string{"SW-DE-03", "SW-DE-04", "SW-LX-01", "SW-MF-01", "SW-TC-07", "SW-TI-09"}

// Floor judges a resolved snapshot with the plain-Go versions of FloorRules. rules gives
// each rule's metadata (title, severity, required operations), as the engine loaded it.
func Floor(snap *inventory.Snapshot, rules map[string]*policies.Rule) ([]policies.Finding, error) {
	for _, id := range FloorRules {
		if rules[id] == nil {
			return nil, fmt.Errorf("floor: rule %s is not loaded", id)
		}
	}
	f := &floor{rules: rules, errs: map[string][]inventory.CollectionError{}}
	for _, e := range snap.Errors {
		f.errs[e.Operation] = append(f.errs[e.Operation], e)
	}
	f.logExports(snap)
	f.storeCoverage(snap, "SW-TC-07", func(p *inventory.StorePosture) inventory.Coverage { return p.ManagementEvents },
		"management_events", "whether the management events of %s are recorded is unknown: %s")
	f.storeCoverage(snap, "SW-TI-09", func(p *inventory.StorePosture) inventory.Coverage { return p.IntegrityValidated },
		"integrity_validated", "whether a validating trail records %s is unknown: %s")
	for i := range snap.S3Buckets {
		b := &snap.S3Buckets[i]
		f.dataEvents("SW-DE-03", "bucket", &b.Meta, b.Posture.DataEvents)
	}
	for i := range snap.DynamoDBTables {
		t := &snap.DynamoDBTables[i]
		f.dataEvents("SW-DE-04", "table", &t.Meta, t.Posture.DataEvents)
	}
	f.metricFilter(snap, "SW-MF-01", "MF-01", "unauthorized API calls")
	slices.SortFunc(f.out, func(a, b policies.Finding) int {
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Resource.AccountID, b.Resource.AccountID); c != 0 {
			return c
		}
		return strings.Compare(a.Resource.ID, b.Resource.ID)
	})
	return f.out, nil
}

type floor struct {
	rules map[string]*policies.Rule
	errs  map[string][]inventory.CollectionError
	out   []policies.Finding
	// resources shares one Resource per store between its findings, as the engine does.
	resources map[*inventory.Meta]*policies.Resource
}

type verdict struct {
	msg      string
	evidence map[string]any
}

// judge records a rule's verdict on a resource with the engine's precedence: collection
// errors first, then a failure, then an undecided verdict, else a pass.
func (f *floor) judge(id string, m *inventory.Meta, deny, unknown []verdict) {
	r := f.rules[id]
	if f.resources == nil {
		f.resources = map[*inventory.Meta]*policies.Resource{}
	}
	res := f.resources[m]
	if res == nil {
		res = &policies.Resource{ID: m.ID, Type: m.Type, Name: m.Name, ARN: m.ARN, AccountID: m.AccountID,
			Region: m.Region, Tags: m.Tags, Source: m.Source}
		f.resources[m] = res
	}
	fd := policies.Finding{ID: policies.FindingID(r.ID, res), RuleID: r.ID, Severity: r.Severity, Resource: res}
	switch errs := f.affecting(r, m); {
	case len(errs) > 0:
		fd.Status, fd.Errors = policies.StatusUnknown, errs
		fd.Message = policies.UnknownMessage(errs)
		if len(errs) > 1 {
			fd.Message += fmt.Sprintf(" (and %d more collection errors)", len(errs)-1)
		}
	case len(deny) > 0:
		fd.Status = policies.StatusFail
		fd.Message, fd.Evidence = merge(deny)
	case len(unknown) > 0:
		fd.Status = policies.StatusUnknown
		fd.Message, fd.Evidence = merge(unknown)
	default:
		fd.Status, fd.Message = policies.StatusPass, r.Title
	}
	f.out = append(f.out, fd)
}

// merge joins verdicts as the engine does; the evidence is kept as its JSON text, as
// findings hold it.
func merge(vs []verdict) (string, json.RawMessage) {
	msg, ev := mergeMaps(vs)
	if ev == nil {
		return msg, nil
	}
	text, err := json.Marshal(ev)
	if err != nil { // the floor's evidence is strings, numbers, lists and maps
		panic(err)
	}
	return msg, text
}

func mergeMaps(vs []verdict) (string, map[string]any) {
	if len(vs) == 1 {
		return vs[0].msg, vs[0].evidence
	}
	slices.SortFunc(vs, func(a, b verdict) int { return strings.Compare(a.msg, b.msg) })
	msgs := make([]string, 0, len(vs))
	var ev map[string]any
	for _, v := range vs {
		msgs = append(msgs, v.msg)
		for k, x := range v.evidence {
			if ev == nil {
				ev = map[string]any{}
			}
			ev[k] = x
		}
	}
	return strings.Join(slices.Compact(msgs), "; "), ev
}

func (f *floor) affecting(r *policies.Rule, m *inventory.Meta) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range m.Errors {
		if slices.Contains(r.Requires, e.Operation) {
			out = append(out, e)
		}
	}
	for _, op := range r.Requires {
		for _, e := range f.errs[op] {
			if (e.AccountID == "" || m.AccountID == "" || e.AccountID == m.AccountID) &&
				(e.Region == "" || m.Region == "" || e.Region == m.Region) {
				out = append(out, e)
			}
		}
	}
	return out
}

// requiredLogs is SW-LX-01's default table, by engine family.
var requiredLogs = map[string][]string{
	"mysql":     {"audit", "error", "general", "slowquery"},
	"mariadb":   {"audit", "error", "general", "slowquery"},
	"postgres":  {"postgresql", "upgrade"},
	"oracle":    {"alert", "audit", "trace", "listener"},
	"sqlserver": {"error", "agent"},
	"db2":       {"diag.log", "notify.log"},
}

func engineFamily(engine string) string {
	for _, p := range []string{"oracle", "sqlserver", "db2"} {
		if strings.HasPrefix(engine, p) {
			return p
		}
	}
	return engine
}

// logExports is SW-LX-01: a standalone instance exports every log type of its engine.
func (f *floor) logExports(snap *inventory.Snapshot) {
	for i := range snap.DBInstances {
		d := &snap.DBInstances[i]
		required := requiredLogs[engineFamily(d.Engine)]
		if d.ClusterID != "" || len(required) == 0 {
			continue
		}
		var missing []string
		for _, t := range required {
			if !slices.Contains(d.EnabledLogExports, t) {
				missing = append(missing, t)
			}
		}
		var deny []verdict
		if len(missing) > 0 {
			slices.Sort(missing)
			missing = slices.Compact(missing)
			deny = []verdict{{
				msg:      fmt.Sprintf("%s (%s) does not export %s to CloudWatch Logs", d.Name, d.Engine, strings.Join(missing, ", ")),
				evidence: map[string]any{"engine": d.Engine, "exported": strings2any(d.EnabledLogExports), "missing": strings2any(missing)},
			}}
		}
		f.judge("SW-LX-01", &d.Meta, deny, nil)
	}
}

// storeCoverage is SW-TC-07 and SW-TI-09: a coverage of the store's posture is yes.
func (f *floor) storeCoverage(snap *inventory.Snapshot, id string, get func(*inventory.StorePosture) inventory.Coverage, key, unknownFormat string) {
	for _, c := range snap.Collections() {
		if !slices.Contains(f.rules[id].Collections(), c.Name) {
			continue
		}
		for i := 0; i < c.Len; i++ {
			m, p := c.Meta(i), inventory.PostureOf(c.Item(i))
			if p == nil || !f.rules[id].AppliesTo(m.Type) {
				continue
			}
			cov := get(p)
			var deny, unknown []verdict
			switch cov.Status {
			case inventory.StatusNo:
				deny = []verdict{{msg: m.Name + ": " + cov.Reason, evidence: map[string]any{key: coverage(cov)}}}
			case inventory.StatusUnknown:
				unknown = []verdict{{msg: fmt.Sprintf(unknownFormat, m.Name, cov.Reason)}}
			}
			f.judge(id, m, deny, unknown)
		}
	}
}

// dataEvents is SW-DE-03 and SW-DE-04: read and write data events are recorded.
func (f *floor) dataEvents(id, noun string, m *inventory.Meta, de *inventory.DataEventCoverage) {
	var deny, unknown []verdict
	if de == nil {
		unknown = []verdict{{msg: fmt.Sprintf("the data event coverage of %s %s was not resolved", noun, m.Name)}}
		f.judge(id, m, nil, unknown)
		return
	}
	dirs := []struct {
		name string
		cov  inventory.Coverage
	}{{"read", de.Read}, {"write", de.Write}}
	var missing, undecided []string
	var firstMissing, firstUndecided string
	for _, d := range dirs {
		switch d.cov.Status {
		case inventory.StatusNo:
			if missing == nil {
				firstMissing = d.cov.Reason
			}
			missing = append(missing, d.name)
		case inventory.StatusUnknown:
			if undecided == nil {
				firstUndecided = d.cov.Reason
			}
			undecided = append(undecided, d.name)
		}
	}
	switch {
	case len(missing) > 0:
		deny = []verdict{{
			msg:      fmt.Sprintf("%s %s is missing %s data events: %s", noun, m.Name, strings.Join(missing, " and "), firstMissing),
			evidence: map[string]any{"data_events": map[string]any{"read": coverage(de.Read), "write": coverage(de.Write)}},
		}}
	case len(undecided) > 0:
		unknown = []verdict{{msg: fmt.Sprintf("whether the %s data events of %s %s are recorded is unknown: %s",
			strings.Join(undecided, " and "), noun, m.Name, firstUndecided)}}
	}
	f.judge(id, m, deny, unknown)
}

// metricFilter is an SW-MF rule: the account has a complete metric-filter chain for the
// control.
func (f *floor) metricFilter(snap *inventory.Snapshot, id, control, topic string) {
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		var deny, unknown []verdict
		found := false
		for _, c := range a.Posture.MetricFilterControls {
			if c.Control != control {
				continue
			}
			found = true
			switch c.Status {
			case inventory.StatusNo:
				var chain any
				if c.Chain != nil {
					ch := c.Chain
					chain = map[string]any{"trail": ch.Trail, "log_group": ch.LogGroup, "filter": ch.Filter,
						"metric": ch.Metric, "namespace": ch.Namespace, "alarm": ch.Alarm, "topic": ch.Topic}
				}
				deny = append(deny, verdict{
					msg:      fmt.Sprintf("Account %s has no alarm on %s: %s", a.ID, topic, c.Reason),
					evidence: map[string]any{"control": control, "reason": c.Reason, "chain": chain},
				})
			case inventory.StatusYes:
			default:
				unknown = append(unknown, verdict{msg: fmt.Sprintf("Whether account %s alarms on %s cannot be decided: %s", a.ID, topic, c.Reason)})
			}
		}
		if !found {
			unknown = append(unknown, verdict{msg: fmt.Sprintf("Whether account %s alarms on %s was not resolved (no %s entry in its posture)", a.ID, topic, control)})
		}
		f.judge(id, &a.Meta, deny, unknown)
	}
}

// coverage is a Coverage as rules see it: every field present.
func coverage(c inventory.Coverage) map[string]any {
	return map[string]any{"status": c.Status, "by": strings2any(c.By), "reason": c.Reason}
}

func strings2any(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}
