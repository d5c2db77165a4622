package inventory

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Log link destinations.
const (
	DestinationCloudWatchLogs = "cloudwatch-logs"
	DestinationS3             = "s3"
	DestinationFirehose       = "kinesis-firehose"
)

// resolveLogGroups derives log group posture (public through a resource policy, who manages
// its KMS key, where subscription filters copy its events, which stores deliver to it) and
// each store's log links with the governance of the group each log type lands in.
//
// It runs after resolveErrorFilters, whose ErrorFilters it leaves in place, and before
// resolveTrails, which appends trails to Receives.
func resolveLogGroups(s *Snapshot, ix *index) {
	policies := newLogPolicyIndex(s)
	for i := range s.LogGroups {
		g := &s.LogGroups[i]
		g.Posture.Public, g.Posture.PublicBy = policies.public(g, ix)
		g.Posture.KMSKeyManager = ix.kmsKeyManager(g.KMSKeyID, g.AccountID, g.Region)
		g.Posture.KMSKeyState = ix.kmsKeyState(g.KMSKeyID, g.AccountID, g.Region)
		g.Posture.Archive = archiveDestinations(g.SubscriptionFilters)
		g.Posture.Receives = nil
	}
	for _, st := range ix.stores {
		links := make([]LogLink, 0, len(st.logs))
		for _, l := range st.logs {
			if l.Destination == DestinationCloudWatchLogs {
				l.Group = ix.storeLogGroup(st.meta, l.LogGroup)
			}
			links = append(links, l)
		}
		st.posture.Logs = links
	}
	for i := range s.LogGroups {
		slices.Sort(s.LogGroups[i].Posture.Receives)
	}
}

// storeLogGroup summarises the group a store's log type lands in and records the store as
// one the group receives. Stores publish to groups of their own account and region.
func (ix *index) storeLogGroup(m *Meta, name string) *LogGroupSummary {
	if name == "" {
		// A plan leaves the group (an ARN of a group created in the same apply) unknown.
		return &LogGroupSummary{Found: StatusUnknown, Unknown: []string{"name"}}
	}
	if g := ix.logGroups[scopedName{m.AccountID, m.Region, name}]; g != nil {
		// One store may send several log types to one group: record it once.
		if n := len(g.Posture.Receives); n == 0 || g.Posture.Receives[n-1] != m.ID {
			g.Posture.Receives = append(g.Posture.Receives, m.ID)
		}
	}
	return ix.logGroupSummary(m.AccountID, m.Region, name)
}

// logGroupUnknown names the facts of a group that could not be established: fields a plan
// leaves unknown, and filters whose listing failed for the group or its region.
func (ix *index) logGroupUnknown(g *LogGroup) []string {
	var out []string
	for _, f := range g.UnknownFields {
		switch f {
		case "retention_days", "kms_key_id", "metric_filters", "subscription_filters":
			out = append(out, f)
		}
	}
	ops := map[string]string{
		"logs:DescribeMetricFilters":       "metric_filters",
		"logs:DescribeSubscriptionFilters": "subscription_filters",
	}
	for op, fact := range ops {
		if ix.failed(g.AccountID, g.Region, op) {
			out = append(out, fact)
		}
	}
	for _, e := range g.Errors {
		if fact, ok := ops[e.Operation]; ok {
			out = append(out, fact)
		}
	}
	for _, f := range g.SubscriptionFilters {
		// A filter without a destination is one whose destination a plan creates in the
		// same apply: whether it archives cannot be told yet.
		if f.DestinationARN == "" && allEvents(f.FilterPattern) {
			out = append(out, "subscription_filters")
		}
	}
	return sortedUnique(out)
}

// archiveDestinations lists the destinations of the subscription filters that copy every
// event out of the group. A filter with a pattern forwards a selection (an alerting
// pipeline), not an archive.
func archiveDestinations(filters []SubscriptionFilter) []string {
	var out []string
	for _, f := range filters {
		if allEvents(f.FilterPattern) && archiveKind(f.DestinationARN) != "" {
			out = append(out, f.DestinationARN)
		}
	}
	return sortedUnique(out)
}

// allEvents reports whether a filter pattern matches every event: CloudWatch Logs treats an
// empty pattern that way.
func allEvents(pattern string) bool {
	p := strings.TrimSpace(pattern)
	return p == "" || p == `""`
}

// archiveKind classifies a subscription destination: Firehose, Kinesis, Lambda, or a
// CloudWatch Logs destination (cross-account); "" for anything else.
func archiveKind(arn string) string {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	switch service, resource := parts[2], parts[5]; {
	case service == "firehose":
		return "firehose"
	case service == "kinesis":
		return "kinesis"
	case service == "lambda":
		return "lambda"
	case service == "logs" && resource == "destination":
		return "destination"
	}
	return ""
}

// logPolicyIndex holds, per account and region, the statements of the CloudWatch Logs
// resource policies that grant access to anyone.
type logPolicyIndex struct {
	byScope map[scopedName]*regionPolicies
}

type regionPolicies struct {
	public []publicStatement
	// unreadable names policies whose document could not be parsed: they might make a
	// group public.
	unreadable []string
}

// publicStatement is an Allow statement whose principal is anyone and whose conditions do
// not narrow it to an account, organisation or source resource.
type publicStatement struct {
	policy       string
	resources    []string
	notResources []string
}

func newLogPolicyIndex(s *Snapshot) *logPolicyIndex {
	pi := &logPolicyIndex{byScope: map[scopedName]*regionPolicies{}}
	for _, a := range s.Accounts {
		for _, p := range a.LogResourcePolicies {
			key := scopedName{a.ID, p.Region, ""}
			rp := pi.byScope[key]
			if rp == nil {
				rp = &regionPolicies{}
				pi.byScope[key] = rp
			}
			stmts, err := publicStatements(p.Name, p.Document)
			if err != nil {
				rp.unreadable = append(rp.unreadable, p.Name)
				continue
			}
			rp.public = append(rp.public, stmts...)
		}
	}
	return pi
}

// public decides whether the group is public through a resource policy of its account and
// region (or one without a region, which the collector would only write for a global
// listing). It returns the status and the policies that make it public.
func (pi *logPolicyIndex) public(g *LogGroup, ix *index) (string, []string) {
	acct := ix.accounts[g.AccountID]
	arn := logGroupBaseARN(g, acct)
	var by []string
	var unreadable bool
	for _, region := range []string{g.Region, ""} {
		rp := pi.byScope[scopedName{g.AccountID, region, ""}]
		if rp == nil {
			continue
		}
		for _, st := range rp.public {
			if st.covers(arn) {
				by = append(by, st.policy)
			}
		}
		unreadable = unreadable || len(rp.unreadable) > 0
		if region == "" {
			break
		}
	}
	switch {
	case len(by) > 0:
		return StatusYes, sortedUnique(by)
	case acct == nil, unreadable, ix.failed(g.AccountID, g.Region, "logs:DescribeResourcePolicies"):
		return StatusUnknown, nil
	}
	return StatusNo, nil
}

// logGroupBaseARN is the group's ARN without the ":*" suffix DescribeLogGroups adds, built
// from its name when the source did not give it.
func logGroupBaseARN(g *LogGroup, acct *Account) string {
	if strings.HasPrefix(g.ARN, "arn:") {
		return strings.TrimSuffix(g.ARN, ":*")
	}
	partition := "aws"
	if acct != nil && acct.Partition != "" {
		partition = acct.Partition
	}
	return "arn:" + partition + ":logs:" + g.Region + ":" + g.AccountID + ":log-group:" + g.Name
}

// covers reports whether the statement grants access to the group or to any of its log
// streams: a Resource that matches the group ARN, or some ARN under it
// ("…:log-group:name:*", "…:log-group:name:log-stream:*"), and no NotResource that
// excludes the group.
func (st publicStatement) covers(groupARN string) bool {
	under := groupARN + ":"
	if len(st.notResources) > 0 {
		for _, p := range st.notResources {
			if globMatch(p, groupARN) || globMatch(p, groupARN+":*") {
				return false
			}
		}
		return true
	}
	for _, p := range st.resources {
		if globMatch(p, groupARN) || globMatchesSomeWithPrefix(p, under) {
			return true
		}
	}
	return false
}

// policyDocument is the part of an IAM policy document the public test reads. Fields that
// IAM allows as a string or a list are decoded as raw JSON.
type policyDocument struct {
	Statement json.RawMessage `json:"Statement"`
}

type policyStatement struct {
	Effect       string                     `json:"Effect"`
	Principal    json.RawMessage            `json:"Principal"`
	NotPrincipal json.RawMessage            `json:"NotPrincipal"`
	Resource     json.RawMessage            `json:"Resource"`
	NotResource  json.RawMessage            `json:"NotResource"`
	Condition    map[string]json.RawMessage `json:"Condition"`
}

// publicStatements parses a resource policy document and returns its statements that let
// anyone in. Deny statements are not subtracted: a group is reported public when an Allow
// opens it, which errs towards a finding a person reviews.
func publicStatements(name, doc string) ([]publicStatement, error) {
	doc = strings.TrimSpace(doc)
	if doc != "" && doc[0] == '%' {
		// IAM returns URL-encoded documents; CloudWatch Logs does not, but accept both.
		if d, err := url.QueryUnescape(doc); err == nil {
			doc = d
		}
	}
	var pd policyDocument
	if err := json.Unmarshal([]byte(doc), &pd); err != nil {
		return nil, fmt.Errorf("parse policy %s: %w", name, err)
	}
	var stmts []policyStatement
	if err := decodeOneOrMany(pd.Statement, &stmts); err != nil {
		return nil, fmt.Errorf("parse policy %s statements: %w", name, err)
	}
	var out []publicStatement
	for _, st := range stmts {
		if st.Effect != "Allow" {
			continue
		}
		anyone, err := principalIsAnyone(st.Principal, st.NotPrincipal)
		if err != nil {
			return nil, fmt.Errorf("parse policy %s principal: %w", name, err)
		}
		if !anyone {
			continue
		}
		restricted, err := conditionRestricts(st.Condition)
		if err != nil {
			return nil, fmt.Errorf("parse policy %s condition: %w", name, err)
		}
		if restricted {
			continue
		}
		ps := publicStatement{policy: name}
		if err := decodeStrings(st.Resource, &ps.resources); err != nil {
			return nil, fmt.Errorf("parse policy %s resource: %w", name, err)
		}
		if err := decodeStrings(st.NotResource, &ps.notResources); err != nil {
			return nil, fmt.Errorf("parse policy %s not resource: %w", name, err)
		}
		out = append(out, ps)
	}
	return out, nil
}

// principalIsAnyone reports whether a statement's principal is everybody: "*", {"AWS": "*"}
// or a list holding "*". A NotPrincipal with Allow grants everybody but the listed ones.
func principalIsAnyone(principal, notPrincipal json.RawMessage) (bool, error) {
	if len(notPrincipal) > 0 && string(notPrincipal) != "null" {
		return true, nil
	}
	if len(principal) == 0 || string(principal) == "null" {
		return false, nil
	}
	var s string
	if json.Unmarshal(principal, &s) == nil {
		return s == "*", nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(principal, &m); err != nil {
		return false, err
	}
	var aws []string
	if err := decodeStrings(m["AWS"], &aws); err != nil {
		return false, err
	}
	return slices.Contains(aws, "*"), nil
}

// restrictingKeys are the condition keys that pin a "*" principal to an account, an
// organisation, a source resource or an AWS service: with one of them the statement is a
// service grant, not public access.
var restrictingKeys = map[string]bool{
	"aws:sourceaccount":        true,
	"aws:sourcearn":            true,
	"aws:sourceowner":          true,
	"aws:sourceorgid":          true,
	"aws:sourceorgpaths":       true,
	"aws:principalorgid":       true,
	"aws:principalorgpaths":    true,
	"aws:principalaccount":     true,
	"aws:principalarn":         true,
	"aws:principalservicename": true,
}

// conditionRestricts reports whether a condition block narrows the principal. Only positive
// matching operators narrow: a negated operator (StringNotEquals on aws:PrincipalOrgID lets
// in everyone outside the organisation), an ...IfExists operator (the key is absent for
// direct calls) or a ForAllValues: set operator (an empty set passes) does not, and neither
// does a bare "*" value.
func conditionRestricts(cond map[string]json.RawMessage) (bool, error) {
	for op, raw := range cond {
		var kv map[string]json.RawMessage
		if err := json.Unmarshal(raw, &kv); err != nil {
			return false, err
		}
		base := strings.TrimPrefix(op, "ForAnyValue:")
		if strings.HasPrefix(base, "ForAllValues:") || strings.HasSuffix(base, "IfExists") {
			continue
		}
		for key, v := range kv {
			k := strings.ToLower(key)
			if base == "Bool" && k == "aws:principalisawsservice" {
				var vals []string
				if err := decodeScalars(v, &vals); err != nil {
					return false, err
				}
				if len(vals) > 0 && !slices.ContainsFunc(vals, func(s string) bool { return !strings.EqualFold(s, "true") }) {
					return true, nil
				}
				continue
			}
			if !restrictingKeys[k] {
				continue
			}
			switch base {
			case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike":
			default:
				continue
			}
			var vals []string
			if err := decodeScalars(v, &vals); err != nil {
				return false, err
			}
			if len(vals) > 0 && !slices.ContainsFunc(vals, func(s string) bool { return strings.Trim(s, "*?") == "" }) {
				return true, nil
			}
		}
	}
	return false, nil
}

// decodeOneOrMany decodes a JSON value that IAM allows as one object or a list of them.
func decodeOneOrMany[T any](raw json.RawMessage, out *[]T) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		return json.Unmarshal(raw, out)
	}
	var one T
	if err := json.Unmarshal(raw, &one); err != nil {
		return err
	}
	*out = []T{one}
	return nil
}

// decodeStrings decodes a string or a list of strings.
func decodeStrings(raw json.RawMessage, out *[]string) error {
	return decodeOneOrMany(raw, out)
}

// decodeScalars decodes a condition value: a string, number or boolean, or a list of them,
// as strings.
func decodeScalars(raw json.RawMessage, out *[]string) error {
	var vals []any
	if err := decodeOneOrMany(raw, &vals); err != nil {
		return err
	}
	for _, v := range vals {
		switch x := v.(type) {
		case string:
			*out = append(*out, x)
		case bool, float64:
			*out = append(*out, fmt.Sprint(x))
		default:
			return fmt.Errorf("condition value %v is not a scalar", v)
		}
	}
	return nil
}

// globMatch reports whether s matches the IAM pattern p, where "*" matches any run of
// characters and "?" any one character.
func globMatch(p, s string) bool {
	states := globRun(p, s)
	return states[len(p)]
}

// globMatchesSomeWithPrefix reports whether p matches at least one string that starts with
// prefix: whether a Resource pattern reaches anything under a log group.
func globMatchesSomeWithPrefix(p, prefix string) bool {
	return slices.Contains(globRun(p, prefix), true)
}

// globRun runs the pattern as an automaton over s and returns the reachable states: state i
// means p[:i] matched all of s. It takes time proportional to len(p)*len(s), without the
// exponential backtracking of a naive matcher.
func globRun(p, s string) []bool {
	cur := make([]bool, len(p)+1)
	next := make([]bool, len(p)+1)
	cur[0] = true
	closeStars(p, cur)
	for i := 0; i < len(s); i++ {
		clear(next)
		for j := 0; j < len(p); j++ {
			if !cur[j] {
				continue
			}
			switch p[j] {
			case '*':
				next[j] = true
			case '?':
				next[j+1] = true
			case s[i]:
				next[j+1] = true
			}
		}
		closeStars(p, next)
		cur, next = next, cur
	}
	return cur
}

// closeStars adds the states reachable by letting "*" match nothing.
func closeStars(p string, states []bool) {
	for j := 0; j < len(p); j++ {
		if states[j] && p[j] == '*' {
			states[j+1] = true
		}
	}
}
