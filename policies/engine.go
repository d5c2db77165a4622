package policies

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/storewatch/storewatch/inventory"
)

// Engine holds the compiled rules and, per collection, the one prepared query that
// evaluates the rules judging it.
// It is safe for concurrent use.
type Engine struct {
	rules []*Rule
	byID  map[string]*Rule
	// position is each rule's index in rules, the order findings come out in.
	position map[*Rule]int32
	compiler *ast.Compiler
	// queries holds one prepared query per collection some rule judges.
	queries map[string]*collectionQuery
	// outputs maps each query variable to the rule and rule head it reads.
	outputs []output
	// byCollection lists, per snapshot collection, the rules that judge its items.
	byCollection map[string][]*Rule
	opts         Options
	// alarms is the recommended-alarm table with the rules' parameters applied.
	alarms *inventory.AlarmTable
}

type outputKind int

const (
	outDeny outputKind = iota
	outUnknown
	outApplies
	outDepends
)

type output struct {
	variable string
	rule     *Rule
	kind     outputKind
}

// Options configure an Engine.
type Options struct {
	// PolicyDirs are users' rule directories (or .rego files), loaded beside the built-in
	// rules.
	PolicyDirs []string
	// Config is exposed to rules as data.storewatch.config: rule parameters and anything a
	// user rule wants to read.
	Config map[string]any
	// Timeout bounds one evaluation (0: no bound). A user rule that loops ends here.
	Timeout time.Duration
	// MemoryLimit bounds the heap during an evaluation, in bytes (0: DefaultMemoryLimit).
	MemoryLimit uint64
	// BatchSize is the number of resources per evaluation (0: the default).
	BatchSize int
	// Workers is the number of batches evaluated at once (0: the default).
	Workers int
	// Select keeps the rules that run (nil: all). Built-in and user rules alike.
	Select func(*Rule) bool
	// SeverityOverrides reports the given rules at another severity.
	SeverityOverrides map[string]Severity
	// KnownOperation reports whether the collector can call an operation a rule names in
	// custom.requires or custom.collects (nil: not checked). A misspelt requires would
	// otherwise be accepted and never match a collection error: the verdict the failed
	// call should make unknown would be judged on the missing fact instead.
	KnownOperation func(op string) bool
}

// Load parses, validates and compiles the built-in rules and the user's, and prepares the
// query. Every problem with a rule file is an error naming the file and line.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	modules, builtin, err := loadModules(opts.PolicyDirs)
	if err != nil {
		return nil, err
	}
	caps := capabilities()
	compiler := ast.NewCompiler().
		WithCapabilities(caps).
		WithStrict(true).
		WithEnablePrintStatements(false)
	compiler.Compile(modules)
	if compiler.Failed() {
		explainUnavailable(compiler.Errors)
		return nil, fmt.Errorf("%w: compile rules:\n%s", ErrPolicy, formatASTErrors(compiler.Errors))
	}
	rules, err := collectRules(modules, builtin)
	if err != nil {
		return nil, err
	}
	if err := checkOperations(rules, opts.KnownOperation); err != nil {
		return nil, err
	}
	if err := checkParams(opts.Config, rules, findParams(compiler)); err != nil {
		return nil, err
	}
	for id := range opts.SeverityOverrides {
		if !slices.ContainsFunc(rules, func(r *Rule) bool { return r.ID == id }) {
			return nil, fmt.Errorf("%w: severity override for unknown rule %q", ErrPolicy, id)
		}
	}
	kept := rules[:0]
	for _, r := range rules {
		if sev, ok := opts.SeverityOverrides[r.ID]; ok {
			r.Severity, r.SecuritySeverity = sev, sev.DefaultSecuritySeverity()
		}
		if opts.Select == nil || opts.Select(r) {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("%w: the rule selection keeps no rule: check --rule, --skip-rule, --service, --rule-framework, --min-severity and the rules: of storewatch.yaml against scanner rules list", ErrPolicy)
	}
	rules = kept
	alarms, err := alarmTable(opts.Config)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		alarms:       alarms,
		rules:        rules,
		byID:         make(map[string]*Rule, len(rules)),
		position:     make(map[*Rule]int32, len(rules)),
		compiler:     compiler,
		byCollection: map[string][]*Rule{},
		opts:         opts,
	}
	for i, r := range rules {
		e.byID[r.ID] = r
		e.position[r] = int32(i)
		for _, c := range r.collections {
			e.byCollection[c] = append(e.byCollection[c], r)
		}
		add := func(kind outputKind, head string) {
			e.outputs = append(e.outputs, output{variable: fmt.Sprintf("%s%d", head[:1], i), rule: r, kind: kind})
		}
		if r.hasDeny {
			add(outDeny, "deny")
		}
		if r.hasUnknown {
			add(outUnknown, "unknown")
		}
		if r.hasApplies {
			add(outApplies, "applies")
		}
		if r.hasDepends {
			add(outDepends, "scoped") // its variable must not start with d, as deny's does
		}
	}
	config := opts.Config
	if config == nil {
		config = map[string]any{}
	}
	store := inmem.NewFromObject(map[string]any{"storewatch": map[string]any{"config": config}})
	// One prepared query per collection, reading only the rules that judge it: a batch
	// holds one collection, and every other rule would only find its input undefined, a
	// few microseconds each, for every batch.
	e.queries = map[string]*collectionQuery{}
	for _, c := range sortedKeys(e.byCollection) {
		cq := &collectionQuery{}
		var q strings.Builder
		for _, o := range e.outputs {
			if !slices.Contains(e.byCollection[c], o.rule) {
				continue
			}
			cq.outputs = append(cq.outputs, o)
			if q.Len() > 0 {
				q.WriteString("; ")
			}
			if o.kind == outDepends {
				// A comprehension is defined even when the rule defines no key of depends
				// for the batch, where the object itself would be undefined and void the
				// whole query.
				fmt.Fprintf(&q, "%s := {op: ids | ids := %s.depends[op]}", o.variable, o.rule.pkg)
				continue
			}
			fmt.Fprintf(&q, "%s := %s.%s", o.variable, o.rule.pkg, headName(o.kind))
		}
		pq, err := rego.New(
			rego.Query(q.String()),
			rego.Compiler(compiler),
			// The compiler has the capabilities already; evaluation needs them too, for
			// the built-ins that consult them (allow_net).
			rego.Capabilities(caps),
			rego.Store(store),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w: prepare query: %w", ErrPolicy, err)
		}
		cq.query = pq
		e.queries[c] = cq
	}
	return e, nil
}

// collectionQuery is the prepared query of one collection and the rule heads it reads.
type collectionQuery struct {
	query   rego.PreparedEvalQuery
	outputs []output
}

// collectRules finds the rule packages (those with a package-scoped METADATA block carrying
// custom.id) and checks that every package that yields findings is one.
func collectRules(modules map[string]*ast.Module, builtin map[string]bool) ([]*Rule, error) {
	var rules []*Rule
	var problems []string
	seen := map[string]*Rule{}
	for _, file := range sortedKeys(modules) {
		m := modules[file]
		heads := map[string]bool{}
		for _, r := range m.Rules {
			heads[r.Head.Name.String()] = true
			if len(r.Head.Reference) > 0 {
				heads[r.Head.Reference[0].Value.String()] = true
			}
		}
		var meta *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" && a.Custom["id"] != nil {
				meta = a
			}
		}
		yields := heads["deny"] || heads["unknown"] || heads["applies"]
		if meta == nil {
			if yields {
				problems = append(problems, fmt.Sprintf("%s:%d: package %s yields findings but has no package METADATA with custom.id",
					file, m.Package.Location.Row, strings.TrimPrefix(m.Package.Path.String(), "data.")))
			}
			continue
		}
		r, err := ruleFromAnnotations(meta, m.Package.Path, file)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if !heads["deny"] {
			problems = append(problems, fmt.Sprintf("%s:%d: rule %s has no deny rule", file, r.Line, r.ID))
			continue
		}
		if len(r.AppliesFields) > 0 && !heads["applies"] {
			problems = append(problems, fmt.Sprintf("%s:%d: rule %s lists custom.applies_fields but has no applies rule", file, r.Line, r.ID))
			continue
		}
		// depends and scoped_requires (or scoped_fields) go together: either alone would be silently ignored,
		// or would leave every resource's verdict untouched by the operation's failures.
		scoped := len(r.ScopedRequires) > 0 || len(r.ScopedFields) > 0
		if scoped && !heads["depends"] {
			problems = append(problems, fmt.Sprintf("%s:%d: rule %s lists custom.scoped_requires or custom.scoped_fields but has no depends rule", file, r.Line, r.ID))
			continue
		}
		if heads["depends"] && !scoped {
			problems = append(problems, fmt.Sprintf("%s:%d: rule %s has a depends rule but lists no custom.scoped_requires or custom.scoped_fields", file, r.Line, r.ID))
			continue
		}
		r.Builtin = builtin[file]
		if prev, dup := seen[r.ID]; dup {
			// Files come in name order, so the built-in rule may come second: the problem
			// is always reported at the user's rule, the one to rename.
			mine, theirs := r, prev
			if r.Builtin && !prev.Builtin {
				mine, theirs = prev, r
			}
			what := theirs.File
			if theirs.Builtin {
				what = "the built-in rule in " + theirs.File
			}
			problems = append(problems, fmt.Sprintf("%s:%d: rule id %s is already used by %s", mine.File, mine.Line, r.ID, what))
			continue
		}
		seen[r.ID] = r
		r.hasDeny, r.hasUnknown, r.hasApplies, r.hasDepends = heads["deny"], heads["unknown"], heads["applies"], heads["depends"]
		rules = append(rules, r)
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("%w:\n%s", ErrPolicy, strings.Join(problems, "\n"))
	}
	if len(rules) == 0 {
		return nil, fmt.Errorf("%w: %w", ErrPolicy, ErrNoRules)
	}
	slices.SortFunc(rules, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules, nil
}

// checkOperations refuses rules that name, in custom.requires or custom.collects, an
// operation the collector does not know.
func checkOperations(rules []*Rule, known func(string) bool) error {
	if known == nil {
		return nil
	}
	var problems []string
	for _, r := range rules {
		for _, list := range []struct {
			key string
			ops []string
		}{{"requires", r.Requires}, {"collects", r.Collects}} {
			for _, op := range list.ops {
				if !known(op) {
					problems = append(problems, (&MetadataError{File: r.File, Line: r.Line,
						Msg: fmt.Sprintf("custom.%s: %q is not an operation storewatch collects (see scanner iam-policy --all-operations --list)", list.key, op)}).Error())
				}
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("%w:\n%s", ErrPolicy, strings.Join(problems, "\n"))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Rules returns the loaded rules, sorted by id.
func (e *Engine) Rules() []*Rule { return e.rules }

// Rule returns the rule with the given id.
func (e *Engine) Rule(id string) (*Rule, bool) {
	r, ok := e.byID[id]
	return r, ok
}

// Resolve resolves a snapshot's posture for these rules: as inventory.Resolve, with the
// recommended-alarm table the rules' parameters shape.
func (e *Engine) Resolve(s *inventory.Snapshot) {
	inventory.ResolveWith(s, inventory.ResolveOptions{Alarms: e.alarms})
}
