package terraform

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// val is one value of a planned resource as the mappers see it: known, or unknown until
// apply, and then, when it can be told, ref is the snapshot id (Terraform address) of the
// resource the value comes from and attr the attribute of it that the value is read from
// (empty when that cannot be told).
type val struct {
	v     any
	known bool
	ref   string
	attr  string
	// fromPlan is true for a value the plan itself gives (not one evaluated from the
	// configuration): its type is the attribute's schema type, or the plan is damaged.
	fromPlan bool
}

func (v val) str() string {
	s, _ := v.v.(string)
	return s
}

func valOf(x any) val {
	if u, ok := x.(unknownValue); ok {
		return val{ref: u.ref, attr: u.attr}
	}
	return val{v: x, known: true}
}

// get resolves the value at path (attribute names, nested block indexes, matchers) of a
// resource instance. A value the plan knows is taken as is. An unknown one is looked up in
// the configuration: evaluated from the .tf files when they are at hand (which also turns
// references to attributes that equal a known one, such as an S3 bucket's id, into known
// values), else followed through the plan's configuration section to the one resource it
// references.
func (c *converter) get(in *instance, path ...any) val {
	n := in.after.path(path)
	if n.wholeKnown() {
		return val{v: n.v, known: true, fromPlan: true}
	}
	g := c.resolve(in, path, n)
	if u, ok := g.(unknownValue); ok && u.ref == "" {
		if addrs, ok := c.jsonTargets(in, path); ok && len(addrs) == 1 {
			return val{ref: addrs[0].addr, attr: addrs[0].attr}
		}
	}
	if containsUnknown(g) {
		if u, ok := g.(unknownValue); ok {
			return val{ref: u.ref, attr: u.attr}
		}
		return val{v: g}
	}
	return val{v: g, known: true}
}

// list resolves a list or set attribute element by element. It returns false when even the
// number of elements is unknown.
func (c *converter) list(in *instance, path ...any) ([]val, bool) {
	n := in.after.path(path)
	if n.wholeKnown() {
		if !c.container(in, path, n, "an array") {
			return nil, true
		}
		l, _ := n.v.([]any)
		out := make([]val, len(l))
		for i, x := range l {
			out[i] = val{v: x, known: true, fromPlan: true}
		}
		return out, true
	}
	g := c.resolve(in, path, n)
	if l, ok := g.([]any); ok {
		out := make([]val, len(l))
		for i, x := range l {
			out[i] = valOf(x)
		}
		return out, true
	}
	// The configuration section says which resources a set of unknown values references,
	// not how the set is built; with no .tf files that is the best there is.
	if addrs, ok := c.jsonTargets(in, path); ok && len(addrs) > 0 {
		out := make([]val, len(addrs))
		for i, a := range addrs {
			out[i] = val{ref: a.addr, attr: a.attr}
		}
		return out, true
	}
	return nil, false
}

// strMap resolves a map attribute (dimensions, tags) key by key. It returns false when even
// the keys are unknown.
func (c *converter) strMap(in *instance, path ...any) (map[string]val, bool) {
	n := in.after.path(path)
	if n.wholeKnown() {
		if !c.container(in, path, n, "an object") {
			return nil, true
		}
		m, _ := n.v.(map[string]any)
		out := make(map[string]val, len(m))
		for k, x := range m {
			out[k] = val{v: x, known: true, fromPlan: true}
		}
		return out, true
	}
	g := c.resolve(in, path, n)
	if m, ok := g.(map[string]any); ok {
		out := make(map[string]val, len(m))
		for k, x := range m {
			out[k] = valOf(x)
		}
		return out, true
	}
	return nil, false
}

// resolve overlays the configuration's value on the plan's where the plan does not know it.
func (c *converter) resolve(in *instance, path []any, n node) any {
	base := n.plain()
	if c.ev == nil || in.block == nil {
		return base
	}
	body := c.ev.instanceBody(in)
	if body == cty.NilVal {
		return base
	}
	cv, ok := ctyPath(body, path)
	if !ok {
		return base
	}
	return hideIn(overlay(base, safeCtyToGo(cv)), n.s)
}

func safeCtyToGo(v cty.Value) (out any) {
	defer func() {
		if recover() != nil {
			out = unknownValue{}
		}
	}()
	return ctyToGo(v)
}

// overlay prefers what the plan knows and fills its unknown parts from the configuration.
func overlay(plan, cfg any) any {
	switch p := plan.(type) {
	case unknownValue:
		if u, ok := cfg.(unknownValue); ok && u.ref == "" {
			return p
		}
		return cfg
	case []any:
		q, ok := cfg.([]any)
		if !ok || len(q) != len(p) {
			return plan
		}
		out := make([]any, len(p))
		for i := range p {
			out[i] = overlay(p[i], q[i])
		}
		return out
	case map[string]any:
		q, ok := cfg.(map[string]any)
		if !ok {
			return plan
		}
		out := make(map[string]any, len(p))
		for k, x := range p {
			if y, ok := q[k]; ok {
				out[k] = overlay(x, y)
			} else {
				out[k] = x
			}
		}
		return out
	}
	return plan
}

func containsUnknown(x any) bool {
	switch v := x.(type) {
	case unknownValue:
		return true
	case []any:
		for _, e := range v {
			if containsUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if containsUnknown(e) {
				return true
			}
		}
	}
	return false
}

// ctyPath walks an evaluated configuration body along a plan path.
func ctyPath(v cty.Value, path []any) (out cty.Value, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = cty.NilVal, false
		}
	}()
	for _, p := range path {
		if !v.IsKnown() {
			return v, true
		}
		if v.IsNull() {
			return cty.NilVal, false
		}
		switch k := p.(type) {
		case string:
			ty := v.Type()
			if ty.IsObjectType() && !ty.HasAttribute(k) {
				return cty.NilVal, false
			}
			var diags hcl.Diagnostics
			if ty.IsObjectType() {
				v, diags = hcl.GetAttr(v, k, nil)
			} else {
				v, diags = hcl.Index(v, cty.StringVal(k), nil)
			}
			if diags.HasErrors() {
				return cty.NilVal, false
			}
		case int:
			x, diags := hcl.Index(v, cty.NumberIntVal(int64(k)), nil)
			if diags.HasErrors() {
				return cty.NilVal, false
			}
			v = x
		case match:
			uv, marks := v.Unmark()
			if !uv.CanIterateElements() {
				return cty.NilVal, false
			}
			found := cty.NilVal
			for it := uv.ElementIterator(); it.Next(); {
				_, e := it.Element()
				ue, _ := e.Unmark()
				if !ue.IsKnown() || ue.IsNull() || !ue.Type().IsObjectType() || !ue.Type().HasAttribute(k.attr) {
					continue
				}
				a, _ := ue.GetAttr(k.attr).Unmark()
				if a.IsKnown() && !a.IsNull() && a.Type() == cty.String && a.AsString() == k.value {
					if found != cty.NilVal {
						return cty.NilVal, false
					}
					found = e.WithMarks(marks)
				}
			}
			if found == cty.NilVal {
				return cty.NilVal, false
			}
			v = found
		default:
			return cty.NilVal, false
		}
	}
	return v, true
}

// jsonTargets follows the references of an attribute in the plan's configuration section to
// the resource instances they name: through module variables to the calling module, through
// module outputs into the module. It gives up (false) on anything it cannot follow without
// evaluating expressions: locals, each.value, a reference to all instances of a resource
// with count or for_each. Each target names the attribute referenced when all references
// to the instance name the same one.
func (c *converter) jsonTargets(in *instance, path []any) ([]origin, bool) {
	if in.cfg == nil {
		return nil, false
	}
	e, ok := expressionAt(in.cfg.Expressions, path)
	if !ok || len(e.References) == 0 {
		return nil, false
	}
	out := map[string]string{}
	budget := maxFollowSteps
	if !c.followRefs(in.addr.module, longestRefs(e.References), out, &budget) {
		return nil, false
	}
	addrs := make([]origin, 0, len(out))
	for a, attr := range out {
		addrs = append(addrs, origin{addr: a, attr: attr})
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i].addr < addrs[j].addr })
	return addrs, true
}

// addTarget records a reference to attribute attr (empty for the whole instance) of the
// instance at addr; references to different attributes of one instance name none.
func addTarget(out map[string]string, addr, attr string) {
	if prev, ok := out[addr]; ok && prev != attr {
		attr = ""
	}
	out[addr] = attr
}

// refAttr is the attribute a reference names after the resource's steps (TYPE.NAME[KEY]
// or data.TYPE.NAME[KEY]), or "".
func refAttr(steps []step, at int) string {
	if len(steps) > at {
		return steps[at].name
	}
	return ""
}

// longestRefs drops the references Terraform lists only as prefixes of longer ones
// (module.x["k"] beside module.x["k"].output).
func longestRefs(refs []string) []string {
	if len(refs) > maxFollowSteps {
		// Not a configuration a person wrote; followRefs gives up on it.
		return refs
	}
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		covered := false
		for _, o := range refs {
			if len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, r)
		}
	}
	return out
}

// maxFollowSteps bounds the references one attribute may lead through: a configuration
// where every output reads two others must not take exponential time.
const maxFollowSteps = 1000

func (c *converter) followRefs(mi moduleInstance, refs []string, out map[string]string, budget *int) bool {
	for _, ref := range refs {
		if *budget--; *budget < 0 {
			return false
		}
		steps, err := parseTraversal(ref)
		if err != nil || len(steps) == 0 {
			return false
		}
		switch steps[0].name {
		case "data":
			// A data source read while planning is known and never a planned resource. One
			// Terraform reads only at apply is unknown like a resource's attribute: it is
			// named, so that the modes with and without .tf files agree (the evaluator marks
			// its values with their origin too).
			if len(steps) < 3 {
				return false
			}
			for _, x := range c.byConfig[mi.String()+"|data."+steps[1].name+"."+steps[2].name] {
				if x.addr.key == steps[2].key && slices.Contains(x.rc.Change.Actions, actionRead) {
					addTarget(out, x.address, refAttr(steps, 3))
				}
			}
		case "count", "path", "terraform":
			// Known at plan time, and never a planned resource.
		case "local", "each", "self":
			return false
		case "var":
			if len(steps) < 2 {
				return false
			}
			if len(mi) == 0 {
				continue
			}
			call := c.cfg.calls[mi.static()]
			if call == nil {
				return false
			}
			raw, ok := call.Expressions[steps[1].name]
			if !ok {
				continue // the variable's default: a constant
			}
			var e Expression
			if json.Unmarshal(raw, &e) != nil {
				return false
			}
			if !c.followRefs(mi.parent(), longestRefs(e.References), out, budget) {
				return false
			}
		case "module":
			if len(steps) < 3 {
				return false
			}
			name := steps[1].name
			call := c.cfg.calls[joinStatic(mi.static(), name)]
			if call == nil {
				return false
			}
			key := steps[1].key
			if key.kind == noKey && (call.CountExpression != nil || call.ForEachExpression != nil) {
				return false
			}
			child := mi.child(name, key)
			o, ok := call.Module.Outputs[steps[2].name]
			if !ok {
				return false
			}
			if !c.followRefs(child, longestRefs(o.Expression.References), out, budget) {
				return false
			}
		default:
			if len(steps) < 2 {
				return false
			}
			insts := c.byConfig[mi.String()+"|"+steps[0].name+"."+steps[1].name]
			key := steps[1].key
			var hit *instance
			for _, x := range insts {
				if x.addr.key == key {
					hit = x
				}
			}
			if hit == nil {
				return false
			}
			addTarget(out, hit.address, refAttr(steps, 2))
		}
	}
	return true
}

// target is the resource instance of one of the given types that an attribute refers to,
// by the name or ARN it holds or by the reference the configuration makes.
func (c *converter) target(v val, types ...string) *instance {
	if v.known {
		s := v.str()
		if s == "" {
			return nil
		}
		for _, t := range types {
			if x := c.identity[t][s]; x != nil {
				return x
			}
		}
		return nil
	}
	if v.ref == "" {
		return nil
	}
	x := c.byAddress[v.ref]
	if x == nil {
		return nil
	}
	for _, t := range types {
		if x.rc.Type == t {
			return x
		}
	}
	return nil
}

// identityAttr is, per resource type, the attribute that names the resource and that the
// provider also uses as its id. Knowing one knows the other: a reference to bucket.id is a
// reference to the bucket's name. (aws_db_instance is not here: since provider 5.0 its id is
// the DbiResourceId, not the identifier. An OpenSearch domain is, for its name, but its id is
// its ARN: notNameAttrs says so.)
var identityAttr = map[string]string{
	"aws_s3_bucket":                       "bucket",
	"aws_cloudwatch_log_group":            "name",
	"aws_cloudwatch_metric_alarm":         "alarm_name",
	"aws_cloudwatch_composite_alarm":      "alarm_name",
	"aws_rds_cluster":                     "cluster_identifier",
	"aws_rds_cluster_instance":            "identifier",
	"aws_docdb_cluster":                   "cluster_identifier",
	"aws_docdb_cluster_instance":          "identifier",
	"aws_neptune_cluster":                 "cluster_identifier",
	"aws_neptune_cluster_instance":        "identifier",
	"aws_redshift_cluster":                "cluster_identifier",
	"aws_redshiftserverless_namespace":    "namespace_name",
	"aws_elasticache_cluster":             "cluster_id",
	"aws_elasticache_replication_group":   "replication_group_id",
	"aws_memorydb_cluster":                "name",
	"aws_dynamodb_table":                  "name",
	"aws_db_parameter_group":              "name",
	"aws_rds_cluster_parameter_group":     "name",
	"aws_redshift_parameter_group":        "name",
	"aws_docdb_cluster_parameter_group":   "name",
	"aws_neptune_cluster_parameter_group": "name",
	"aws_neptune_parameter_group":         "name",
	"aws_memorydb_parameter_group":        "name",
	"aws_db_event_subscription":           "name",
	"aws_db_option_group":                 "name",
	"aws_opensearch_domain":               "domain_name",
	"aws_elasticsearch_domain":            "domain_name",
}

// nameOf is the known name of a resource instance (its identity attribute), or "".
func nameOf(in *instance) string {
	attr := identityAttr[in.rc.Type]
	switch in.rc.Type {
	case "aws_db_instance":
		attr = "identifier"
	case "aws_sns_topic", "aws_cloudtrail":
		attr = "name"
	}
	if attr == "" {
		return ""
	}
	n := in.after.get(attr)
	if n.unknown() {
		return ""
	}
	s, _ := n.v.(string)
	return s
}

// s3ARN is the ARN of a bucket: it holds neither account nor region, so it is known as soon
// as the name is.
func s3ARN(partition, bucket string) string {
	return "arn:" + partition + ":s3:::" + bucket
}

func partitionOfRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
