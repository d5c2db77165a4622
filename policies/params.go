package policies

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Param is a rule parameter: a key of data.storewatch.config.params.<Rule>, and the default
// the rule falls back to, which says what type of value the parameter takes.
type Param struct {
	Rule string `json:"rule"`
	Name string `json:"name"`
	// Default is the documented default, as JSON decodes it; nil when the rule computes it.
	Default any `json:"default"`
}

// paramFunc is the helper every rule reads its parameters with.
var paramFunc = ast.MustParseRef("data.storewatch.lib.config.param")

// goParams are the parameters applied in Go before resolution (alarmTable), which no
// config.param call names.
var goParams = []Param{
	{Rule: "SW-MA-01", Name: "required", Default: map[string]any{}},
	{Rule: "SW-AH-06", Name: "critical", Default: map[string]any{}},
	{Rule: "SW-MA-02", Name: "settings", Default: map[string]any{}},
	{Rule: "SW-MA-02", Name: "tolerance", Default: 0.05},
	{Rule: "SW-MA-02", Name: "window_factor", Default: 3.0},
}

// findParams lists the parameters the compiled rules read: every call of config.param whose
// rule id and key are strings, with its default when that is a constant or a rule whose
// value is one. The calls are the declaration, so the list cannot drift from what the rules
// read.
func findParams(c *ast.Compiler) []Param {
	byKey := map[[2]string]Param{}
	for _, p := range goParams {
		byKey[[2]string{p.Rule, p.Name}] = p
	}
	for _, m := range c.Modules {
		ast.WalkBodies(m, func(b ast.Body) bool {
			// The compiler moves a call's non-scalar arguments into locals assigned in the
			// same body (and a nested call's result into its output variable).
			locals := map[ast.Var]*ast.Term{}
			calls := map[ast.Var]*ast.Expr{}
			for _, e := range b {
				switch {
				case e.IsEquality():
					l, r := e.Operand(0), e.Operand(1)
					if v, ok := l.Value.(ast.Var); ok {
						locals[v] = r
					} else if v, ok := r.Value.(ast.Var); ok {
						locals[v] = l
					}
				case e.IsCall() && e.Operator().Equal(paramFunc) && len(e.Operands()) == 4:
					if v, ok := e.Operand(3).Value.(ast.Var); ok {
						calls[v] = e
					}
				}
			}
			var def func(t *ast.Term, depth int) any
			def = func(t *ast.Term, depth int) any {
				v, ok := t.Value.(ast.Var)
				if !ok || depth > 4 {
					return constantValue(c, t)
				}
				if x, ok := locals[v]; ok {
					return def(x, depth+1)
				}
				if inner, ok := calls[v]; ok {
					return def(inner.Operand(2), depth+1)
				}
				return nil
			}
			for _, e := range b {
				if !e.IsCall() || !e.Operator().Equal(paramFunc) || len(e.Operands()) < 3 {
					continue
				}
				id, ok1 := e.Operand(0).Value.(ast.String)
				key, ok2 := e.Operand(1).Value.(ast.String)
				if !ok1 || !ok2 {
					continue
				}
				p := Param{Rule: string(id), Name: string(key), Default: def(e.Operand(2), 0)}
				if prev, ok := byKey[[2]string{p.Rule, p.Name}]; !ok || prev.Default == nil {
					byKey[[2]string{p.Rule, p.Name}] = p
				}
			}
			return false
		})
	}
	out := make([]Param, 0, len(byKey))
	for _, p := range byKey {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// constantValue is a default's JSON value: a constant term, or the value of a complete rule
// defined by one constant; nil otherwise.
func constantValue(c *ast.Compiler, t *ast.Term) any {
	if ref, ok := t.Value.(ast.Ref); ok {
		rules := c.GetRules(ref)
		if len(rules) != 1 || rules[0].Head.Value == nil || len(rules[0].Body) != 1 || !rules[0].Body[0].IsEquality() && !isTrue(rules[0].Body[0]) {
			return nil
		}
		t = rules[0].Head.Value
	}
	if !ast.IsConstant(t.Value) {
		return nil
	}
	v, err := ast.JSON(t.Value)
	if err != nil {
		return nil
	}
	return v
}

func isTrue(e *ast.Expr) bool {
	b, ok := e.Terms.(*ast.Term)
	return ok && b.Value.Compare(ast.Boolean(true)) == 0
}

// checkParams refuses parameters that no rule reads (an unknown rule, a misspelt key) and
// values of another type than the parameter's default: Rego would quietly compare a string
// with a number, or never read the key.
func checkParams(config map[string]any, rules []*Rule, params []Param) error {
	given, _ := config["params"].(map[string]any)
	if len(given) == 0 {
		return nil
	}
	known, builtin := map[string]bool{}, map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
		builtin[r.ID] = r.Builtin
	}
	byRule := map[string][]Param{}
	for _, p := range params {
		byRule[p.Rule] = append(byRule[p.Rule], p)
	}
	var problems []string
	for _, id := range sortedKeys(given) {
		if !known[id] {
			problems = append(problems, fmt.Sprintf("parameter for unknown rule %q", id))
			continue
		}
		kv, ok := given[id].(map[string]any)
		if !ok {
			problems = append(problems, fmt.Sprintf("parameters of %s: want a map of names to values", id))
			continue
		}
		for _, name := range sortedKeys(kv) {
			i := slices.IndexFunc(byRule[id], func(p Param) bool { return p.Name == name })
			if i < 0 {
				problems = append(problems, fmt.Sprintf("rule %s has no parameter %q%s", id, name, paramList(byRule[id])))
				continue
			}
			if msg := typeMismatch(byRule[id][i].Default, kv[name]); msg != "" {
				problems = append(problems, fmt.Sprintf("parameter %s.%s: %s", id, name, msg))
			} else if msg := outOfRange(byRule[id][i], kv[name], builtin[id]); msg != "" {
				problems = append(problems, fmt.Sprintf("parameter %s.%s: %s", id, name, msg))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrPolicy, strings.Join(problems, "; "))
	}
	return nil
}

func paramList(ps []Param) string {
	if len(ps) == 0 {
		return " (it takes none)"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return " (it takes " + strings.Join(names, ", ") + ")"
}

// typeMismatch says how a value differs in type from a parameter's default; "" when it
// does not (or the default is not known).
func typeMismatch(def, v any) string {
	if def == nil {
		return ""
	}
	want, got := kind(def), kind(v)
	shown, _ := json.Marshal(def)
	switch {
	case want != got:
		return fmt.Sprintf("want %s (default %s), got %s", article(want), shown, describe(v))
	case want == "number" && wholeDefault(def) && !isInteger(v):
		return fmt.Sprintf("want a whole number (default %s), got %s", shown, describe(v))
	case want == "array":
		d, _ := def.([]any)
		x, _ := v.([]any)
		if len(d) == 0 {
			return ""
		}
		for _, e := range x {
			if kind(e) != kind(d[0]) {
				return fmt.Sprintf("want a list of %ss (default %s), got %s in it", kind(d[0]), shown, describe(e))
			}
			if msg := typeMismatch(d[0], e); msg != "" {
				return "in the list: " + msg
			}
		}
	case want == "object":
		// A map's values are checked too: SW-LX-01.required={"mysql": "audit"} (a string
		// where the default has a list) made the rule fail to evaluate for every store,
		// and so report nothing at all. A key the default lacks (another engine) is held
		// to the default's values when they all have one type.
		d, _ := def.(map[string]any)
		x, _ := v.(map[string]any)
		same := sameKindValue(d)
		for _, k := range sortedKeys(x) {
			dv, ok := d[k]
			if !ok {
				if same != nil && kind(x[k]) != kind(same) {
					return fmt.Sprintf("at key %q: want %s, as every value of the default is, got %s", k, article(kind(same)), describe(x[k]))
				}
				dv = same
			}
			if msg := typeMismatch(dv, x[k]); msg != "" {
				return fmt.Sprintf("at key %q: %s", k, msg)
			}
		}
	}
	return ""
}

// sameKindValue is one of a map's values (the first by key) when all have one JSON type,
// nil otherwise.
func sameKindValue(m map[string]any) any {
	var first any
	for i, k := range sortedKeys(m) {
		if i == 0 {
			first = m[k]
		} else if kind(m[k]) != kind(first) {
			return nil
		}
	}
	return first
}

// kind is the JSON type of a value decoded from JSON or YAML.
func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64, float32, int, int64, int32, uint64, json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		_ = x
		return fmt.Sprintf("%T", v)
	}
}

func article(k string) string {
	switch k {
	case "array":
		return "a list"
	case "object":
		return "a map"
	}
	return "a " + k
}

func describe(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return kind(v)
	}
	if len(b) > 40 {
		b = append(b[:37], "..."...)
	}
	return fmt.Sprintf("%s %s", article(kind(v)), b)
}

// wholeDefault reports whether a default asks for a whole number: an integer in Go, or a
// Rego number written without a fraction (3, not 3.0). A Go float64 default such as
// window_factor's 3.0 is a factor, and takes 1.5.
func wholeDefault(def any) bool {
	switch x := def.(type) {
	case int, int64, int32, uint64:
		return true
	case json.Number:
		_, err := x.Int64()
		return err == nil
	}
	return false
}

func isInteger(v any) bool {
	switch x := v.(type) {
	case int, int64, int32, uint64:
		return true
	case float64:
		return x == math.Trunc(x) && !math.IsInf(x, 0)
	case json.Number:
		_, err := x.Int64()
		return err == nil
	}
	return false
}

// paramRange is the smallest value a number parameter takes: min itself, or only values
// above it when exclusive.
type paramRange struct {
	min       float64
	exclusive bool
}

// paramRanges bound the built-in rules' number parameters. A rule reads a negative
// retention as "any retention is enough" and a maximum age of 0 as "every trail is late":
// such a value is a typo that would silently pass or fail every resource. The rules
// declare their parameters only by reading them (findParams), so the bounds are kept
// here, beside goParams.
var paramRanges = map[[2]string]paramRange{
	// Retention and age requirements count whole days or hours: 0 asks for nothing
	// (CloudWatch Logs keeps events for 1 day at least) or for the impossible.
	{"SW-CWL-02", "min_retention_days"}: {min: 1},
	{"SW-CWL-05", "min_retention_days"}: {min: 1},
	{"SW-CWL-06", "min_retention_days"}: {min: 1},
	{"SW-TI-07", "min_retention_days"}:  {min: 1},
	{"SW-MON-04", "min_retention_days"}: {min: 1},
	{"SW-CWL-01", "max_age_hours"}:      {min: 1},
	{"SW-TI-06", "max_age_hours"}:       {min: 1},
	// No alarm fires in 0 seconds, and an Enhanced Monitoring interval of 0 is "off".
	{"SW-AH-03", "max_seconds_to_alarm"}: {min: 1},
	{"SW-MON-01", "max_interval"}:        {min: 1},
	// 0 days is meaningful: no alarm may sit in INSUFFICIENT_DATA for a whole day.
	{"SW-AH-05", "max_insufficient_data_days"}: {min: 0},
	// A tolerance of 0 asks for the recommended threshold exactly; a window factor of 0
	// would accept no evaluation window at all.
	{"SW-MA-02", "tolerance"}:     {min: 0},
	{"SW-MA-02", "window_factor"}: {min: 0, exclusive: true},
}

// outOfRange says how a number parameter's value is out of its range; "" when it is not,
// or the parameter is not a number. A built-in rule's number parameter without a declared
// range whose default is not negative is a count, a duration or a factor: it may not be
// negative either. A user rule's parameters are bounded by nothing but their type: what a
// negative value means there is the rule's to say.
func outOfRange(p Param, v any, builtin bool) string {
	got, ok := number(v)
	if !ok {
		return ""
	}
	r, declared := paramRanges[[2]string{p.Rule, p.Name}]
	if !declared {
		def, ok := number(p.Default)
		if !ok || def < 0 || !builtin {
			return ""
		}
		r = paramRange{min: 0}
	}
	if got > r.min || got == r.min && !r.exclusive {
		return ""
	}
	shown, _ := json.Marshal(p.Default)
	want := fmt.Sprintf("%s or more", strconv.FormatFloat(r.min, 'f', -1, 64))
	if r.exclusive {
		want = "more than " + strconv.FormatFloat(r.min, 'f', -1, 64)
	}
	return fmt.Sprintf("want %s (default %s), got %s", want, shown, strconv.FormatFloat(got, 'f', -1, 64))
}

// number is a number value as a float64, as JSON and YAML decode it.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
