package policies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"golang.org/x/sync/errgroup"

	"github.com/storewatch/storewatch/inventory"
)

const defaultBatchSize = 256

// ErrEvaluation is wrapped by errors that come from running the rules (a rule that fails
// at run time, a timeout), as opposed to loading them.
var ErrEvaluation = errors.New("evaluation error")

// batch is a slice of one collection, evaluated with one call of the prepared query.
type batch struct {
	collection inventory.Collection
	start, end int
	rules      []*Rule
}

// Evaluate judges every resource of the snapshot with every rule that applies to its type.
// The snapshot must be resolved. Findings come out sorted by rule id, then resource id.
func (e *Engine) Evaluate(ctx context.Context, snap *inventory.Snapshot) ([]Finding, error) {
	return e.evaluate(ctx, snap, false)
}

// EvaluateAndRelease judges the snapshot as Evaluate does and drops each item's facts, all
// but its Meta, once its batch is judged: for a caller that owns the snapshot and needs
// nothing of it after but what a report names. At 100,000 stores the resolved facts are
// about 200 MB that no longer stay alive to the end of evaluation.
func (e *Engine) EvaluateAndRelease(ctx context.Context, snap *inventory.Snapshot) ([]Finding, error) {
	return e.evaluate(ctx, snap, true)
}

func (e *Engine) evaluate(ctx context.Context, snap *inventory.Snapshot, release bool) ([]Finding, error) {
	if e.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.opts.Timeout)
		defer cancel()
	}
	limit := e.opts.MemoryLimit
	if limit == 0 {
		limit = DefaultMemoryLimit
	}
	ctx, cancelCause := context.WithCancelCause(ctx)
	defer cancelCause(nil)
	defer watchMemory(ctx, limit, cancelCause)()
	size := e.opts.BatchSize
	if size <= 0 {
		size = defaultBatchSize
	}
	var batches []batch
	for _, c := range snap.Collections() {
		rules := e.byCollection[c.Name]
		if len(rules) == 0 {
			continue
		}
		start := 0
		for i := 1; i <= c.Len; i++ {
			// Rules name the items they judge by id alone: two accounts' items of one id (a
			// Terraform address in two accounts' plans) go to different batches. A collection
			// is sorted by id, so such items are neighbours.
			if i == c.Len || i-start == size || c.Meta(i).ID == c.Meta(i-1).ID {
				batches = append(batches, batch{collection: c, start: start, end: i, rules: rules})
				start = i
			}
		}
	}
	scope := newErrorScope(snap.Errors)
	evidence := newEvidenceInterner()
	// One slot per batch, and the last for the unknowns of failed listings.
	results := make([][]pending, len(batches)+1)
	g, gctx := errgroup.WithContext(ctx)
	workers := e.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(workers)
	for i := range batches {
		// Once a batch failed or the run was interrupted, the batches not started yet
		// would each still convert their items before their query saw the cancellation:
		// seconds for a large snapshot between Ctrl-C and the exit.
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			p, err := e.evaluateBatch(gctx, batches[i], scope, evidence)
			results[i] = p
			if err == nil && release {
				for j := batches[i].start; j < batches[i].end; j++ {
					batches[i].collection.Release(j)
				}
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			switch {
			case errors.Is(cause, errMemoryLimit):
				return nil, fmt.Errorf("%w: %w", ErrEvaluation, cause)
			case errors.Is(cause, context.DeadlineExceeded):
				return nil, fmt.Errorf("%w: rules did not finish within %s", ErrEvaluation, e.opts.Timeout)
			}
			return nil, cause
		}
		return nil, err
	}
	results[len(batches)] = e.listingUnknowns(snap)
	return e.assemble(results), nil
}

// pending is a verdict waiting for its place in the report. Batches keep their verdicts
// this small and assemble builds each Finding once, where it stays: a million findings
// built per batch and then copied into order were held twice at the end of evaluation, and
// a pass carries nothing but its rule and resource.
type pending struct {
	res *Resource
	// detail is nil for a pass.
	detail *verdictDetail
	rule   int32
}

// verdictDetail is what a failing or undecided verdict says beyond its rule and resource.
type verdictDetail struct {
	status   Status
	message  string
	evidence json.RawMessage
	errors   []inventory.CollectionError
}

// finding builds the finding of a verdict of rule r.
func (p pending) finding(r *Rule) Finding {
	f := Finding{ID: FindingID(r.ID, p.res), RuleID: r.ID, Severity: r.Severity, Resource: p.res,
		Status: StatusPass, Message: r.Title}
	if d := p.detail; d != nil {
		f.Status, f.Message, f.Evidence, f.Errors = d.status, d.message, d.evidence, d.errors
	}
	return f
}

// assemble builds the findings of every batch's verdicts sorted by rule id, then account,
// then resource id. The verdicts are first grouped by rule (rules are in id order), then
// each rule's are sorted and built on their own, rules in parallel: one sort of a million
// findings took a second, and building them computes each finding's id.
func (e *Engine) assemble(results [][]pending) []Finding {
	starts := make([]int, len(e.rules)+1)
	for _, r := range results {
		for _, p := range r {
			starts[p.rule+1]++
		}
	}
	for i := range e.rules {
		starts[i+1] += starts[i]
	}
	byRule := make([]pending, starts[len(e.rules)])
	next := slices.Clone(starts)
	for i, r := range results {
		for _, p := range r {
			byRule[next[p.rule]] = p
			next[p.rule]++
		}
		results[i] = nil
	}
	findings := make([]Finding, len(byRule))
	var wg sync.WaitGroup
	var rule atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(rule.Add(1)) - 1
				if i >= len(e.rules) {
					return
				}
				run := byRule[starts[i]:starts[i+1]]
				slices.SortFunc(run, func(a, b pending) int {
					if c := strings.Compare(a.res.AccountID, b.res.AccountID); c != 0 {
						return c
					}
					return strings.Compare(a.res.ID, b.res.ID)
				})
				for k, p := range run {
					findings[starts[i]+k] = p.finding(e.rules[i])
				}
			}
		})
	}
	wg.Wait()
	return findings
}

// ruleOutput is what the Rego side said about one batch for one rule.
type ruleOutput struct {
	deny    map[string][]verdict
	unknown map[string][]verdict
	applies map[string]bool
	// depends holds, by operation of the rule's scoped_requires (or field of its
	// scoped_fields), the ids of the resources whose verdict reads what it collects.
	depends map[string]map[string]bool
}

type verdict struct {
	msg      string
	evidence ast.Object
}

func (e *Engine) evaluateBatch(ctx context.Context, b batch, scope *errorScope, evidence *evidenceInterner) ([]pending, error) {
	input, err := batchInput(b)
	if err != nil {
		return nil, err
	}
	cq := e.queries[b.collection.Name]
	rs, err := cq.query.Eval(ctx,
		rego.EvalParsedInput(input),
		rego.EvalGenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %s items %d-%d: %w", ErrEvaluation, b.collection.Name, b.start, b.end-1, err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("%w: %s: the query returned %d results", ErrEvaluation, b.collection.Name, len(rs))
	}
	outputs := map[*Rule]*ruleOutput{}
	for _, o := range cq.outputs {
		t, ok := rs[0].Bindings[o.variable].(*ast.Term)
		if !ok {
			return nil, fmt.Errorf("%w: rule %s: %s is undefined", ErrEvaluation, o.rule.ID, o.variable)
		}
		out := outputs[o.rule]
		if out == nil {
			out = &ruleOutput{}
			outputs[o.rule] = out
		}
		if err := out.read(o, t); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: rule %s: %w", ErrEvaluation, o.rule.File, o.rule.Line, o.rule.ID, err)
		}
	}
	ids := make(map[string]int, b.end-b.start)
	for i := b.start; i < b.end; i++ {
		ids[b.collection.Meta(i).ID] = i
	}
	var verdicts []pending
	var scratch []byte
	resources := make([]*Resource, b.end-b.start)
	for _, r := range b.rules {
		rule := e.position[r]
		out := outputs[r]
		if out == nil {
			out = &ruleOutput{}
		}
		for id := range out.deny {
			if _, ok := ids[id]; !ok {
				return nil, fmt.Errorf("%w: %s:%d: rule %s denies %q, which is not an item of input.%s",
					ErrEvaluation, r.File, r.Line, r.ID, id, b.collection.Name)
			}
		}
		for i := b.start; i < b.end; i++ {
			m := b.collection.Meta(i)
			if !r.AppliesTo(m.Type) {
				continue
			}
			if resources[i-b.start] == nil {
				resources[i-b.start] = resourceOf(m)
			}
			d, ev, ok := judge(r, m, out, scope)
			if !ok {
				continue
			}
			p := pending{res: resources[i-b.start], rule: rule}
			if ev != nil {
				if d.evidence, scratch, err = evidence.encode(scratch, ev); err != nil {
					return nil, fmt.Errorf("%w: %s:%d: rule %s: %w", ErrEvaluation, r.File, r.Line, r.ID, err)
				}
			}
			if d.status != StatusPass {
				p.detail = &d
			}
			verdicts = append(verdicts, p)
		}
	}
	return verdicts, nil
}

// judge decides what the rule said about one resource; false when the rule does not apply
// to it. Collection errors and unknown plan values take precedence over a failure: a rule
// that saw a fact missing cannot tell "off" from "not collected".
func judge(r *Rule, m *inventory.Meta, out *ruleOutput, scope *errorScope) (verdictDetail, ast.Object, bool) {
	denied, isDenied := out.deny[m.ID]
	errs := scope.affecting(r, m, out.depends)
	var fields []string
	// A rule that found it does not apply decided so on the facts it saw; when a fact it
	// needs could not be collected, or a plan leaves a field that decides it unknown, whether
	// it applies is itself undecided. (A plan's NotInPlan facts are not failures: the plan
	// judges what it holds.)
	if out.applies != nil && !out.applies[m.ID] && !isDenied && !slices.ContainsFunc(errs, isFailure) {
		deciding := unknownFields(r.AppliesFields, m)
		if len(deciding) == 0 {
			return verdictDetail{}, nil, false
		}
		// Only the fields that decide applicability are why: the rule may not read the others.
		fields, errs = deciding, nil
	}
	if len(errs) > 0 {
		return verdictDetail{status: StatusUnknown, errors: errs, message: UnknownMessage(errs)}, nil, true
	}
	if fields == nil {
		// A field of scoped_fields decides only the verdicts depends lists under it.
		fields = slices.DeleteFunc(unknownFields(r.Fields, m), func(f string) bool {
			return slices.Contains(r.ScopedFields, f) && !out.depends[f][m.ID]
		})
	}
	if len(fields) > 0 {
		names := make([]*ast.Term, len(fields))
		for i, f := range fields {
			names[i] = ast.StringTerm(f)
		}
		return verdictDetail{status: StatusUnknown,
				message: "the plan leaves " + strings.Join(fields, ", ") + " unknown until apply"},
			ast.NewObject([2]*ast.Term{ast.StringTerm("unknown_fields"), ast.ArrayTerm(names...)}), true
	}
	switch {
	case isDenied:
		msg, ev := merge(denied)
		return verdictDetail{status: StatusFail, message: msg}, ev, true
	case out.unknown[m.ID] != nil:
		msg, ev := merge(out.unknown[m.ID])
		return verdictDetail{status: StatusUnknown, message: msg}, ev, true
	}
	return verdictDetail{status: StatusPass}, nil, true
}

// isFailure reports whether a collection error is a fact that could not be collected, as
// opposed to one a Terraform plan does not hold.
func isFailure(e inventory.CollectionError) bool { return e.Code != inventory.CodeNotInPlan }

// merge joins a resource's verdicts from one rule: their messages in order, and their
// evidence in one object, where a later message's evidence wins a key both have.
func merge(vs []verdict) (string, ast.Object) {
	if len(vs) == 1 {
		return vs[0].msg, vs[0].evidence
	}
	slices.SortFunc(vs, func(a, b verdict) int { return strings.Compare(a.msg, b.msg) })
	msgs := make([]string, 0, len(vs))
	var ev ast.Object
	for _, v := range vs {
		msgs = append(msgs, v.msg)
		if v.evidence == nil {
			continue
		}
		if lazy(v.evidence) {
			return strings.Join(slices.Compact(msgs), "; "), mergeDecoded(vs)
		}
		if ev == nil {
			ev = ast.NewObject()
		}
		v.evidence.Foreach(func(k, x *ast.Term) { ev.Insert(k, x) })
	}
	return strings.Join(slices.Compact(msgs), "; "), ev
}

// mergeDecoded merges sorted verdicts' evidence as decoded JSON, for evidence that is an
// object OPA reads lazily from the configuration: taken apart as OPA values, its numbers
// would be written as OPA formats them rather than as encoding/json writes the Go values
// it holds. The result stays lazy, so it is encoded as encoding/json writes it.
func mergeDecoded(vs []verdict) ast.Object {
	merged := map[string]any{}
	for _, v := range vs {
		if v.evidence == nil {
			continue
		}
		x, err := ast.JSON(v.evidence)
		m, ok := x.(map[string]any)
		if err != nil || !ok {
			continue
		}
		maps.Copy(merged, m)
	}
	return ast.LazyObject(merged)
}

// UnknownMessage words the verdict of a check that the collection errors errs (the first
// decides) left undecided.
func UnknownMessage(errs []inventory.CollectionError) string {
	e := errs[0]
	where := e.Region
	if where == "" {
		where = "global"
	}
	// An error may come without a message (a snapshot written by hand, an SDK error with
	// only a code): the sentence then ends at the code.
	var msg string
	switch {
	case e.Code == inventory.CodeNotCollected && e.Message == "":
		msg = fmt.Sprintf("%s was not called by the collection (%s)", e.Operation, e.Code)
	case e.Code == inventory.CodeNotCollected:
		// Nothing failed: the collection was asked not to make the call.
		msg = fmt.Sprintf("%s was not called by the collection (%s: %s)", e.Operation, e.Code, e.Message)
	case e.Message == "":
		msg = fmt.Sprintf("could not collect %s (%s, %s)", e.Operation, where, e.Code)
	default:
		msg = fmt.Sprintf("could not collect %s (%s, %s): %s", e.Operation, where, e.Code, e.Message)
	}
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more collection errors)", len(errs)-1)
	}
	return msg
}

// unknownFields returns the fields of the list that the plan leaves unknown for the resource.
func unknownFields(list []string, m *inventory.Meta) []string {
	if len(list) == 0 || len(m.UnknownFields) == 0 {
		return nil
	}
	var out []string
	for _, f := range list {
		if slices.Contains(m.UnknownFields, f) {
			out = append(out, f)
		}
	}
	return out
}

func resourceOf(m *inventory.Meta) *Resource {
	return &Resource{ID: m.ID, Type: m.Type, Name: m.Name, ARN: m.ARN, AccountID: m.AccountID,
		Region: m.Region, Tags: m.Tags, Source: m.Source}
}

// read decodes one rule head's value: a set of {"id", "msg", "evidence"} objects for deny
// and unknown, a set of ids for applies.
func (o *ruleOutput) read(out output, t *ast.Term) error {
	if out.kind == outDepends {
		return o.readDepends(t)
	}
	set, ok := t.Value.(ast.Set)
	if !ok {
		return fmt.Errorf("%s must be a set, got %s", headName(out.kind), ast.ValueName(t.Value))
	}
	if out.kind == outApplies {
		o.applies = make(map[string]bool, set.Len())
		return set.Iter(func(x *ast.Term) error {
			s, ok := x.Value.(ast.String)
			if !ok {
				return fmt.Errorf("applies must hold resource ids (strings), got %s", ast.ValueName(x.Value))
			}
			o.applies[string(s)] = true
			return nil
		})
	}
	target := map[string][]verdict{}
	if out.kind == outDeny {
		o.deny = target
	} else {
		o.unknown = target
	}
	return set.Iter(func(x *ast.Term) error {
		obj, ok := x.Value.(ast.Object)
		if !ok {
			return fmt.Errorf("%s must hold objects {\"id\", \"msg\"}, got %s", headName(out.kind), ast.ValueName(x.Value))
		}
		id, ok1 := stringField(obj, "id")
		msg, ok2 := stringField(obj, "msg")
		if !ok1 || !ok2 {
			return fmt.Errorf("%s objects need string fields id and msg, got %v", headName(out.kind), obj)
		}
		v := verdict{msg: msg}
		if ev := obj.Get(ast.InternedTerm("evidence")); ev != nil {
			if v.evidence, ok = ev.Value.(ast.Object); !ok {
				return fmt.Errorf("evidence must be an object, got %s", ast.ValueName(ev.Value))
			}
			// Empty evidence is no evidence, as an empty map was when reports left it out.
			if v.evidence.Len() == 0 {
				v.evidence = nil
			}
		}
		target[id] = append(target[id], v)
		return nil
	})
}

// readDepends reads a rule's depends object: operation → set of resource ids.
func (o *ruleOutput) readDepends(t *ast.Term) error {
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return fmt.Errorf("depends must be an object of sets, got %s", ast.ValueName(t.Value))
	}
	o.depends = make(map[string]map[string]bool, obj.Len())
	return obj.Iter(func(k, v *ast.Term) error {
		op, ok := k.Value.(ast.String)
		if !ok {
			return fmt.Errorf("depends must be keyed by operations (strings), got %s", ast.ValueName(k.Value))
		}
		set, ok := v.Value.(ast.Set)
		if !ok {
			return fmt.Errorf("depends[%q] must be a set of resource ids, got %s", string(op), ast.ValueName(v.Value))
		}
		ids := make(map[string]bool, set.Len())
		o.depends[string(op)] = ids
		return set.Iter(func(x *ast.Term) error {
			s, ok := x.Value.(ast.String)
			if !ok {
				return fmt.Errorf("depends[%q] must hold resource ids (strings), got %s", string(op), ast.ValueName(x.Value))
			}
			ids[string(s)] = true
			return nil
		})
	})
}

func headName(k outputKind) string {
	return [...]string{"deny", "unknown", "applies", "depends"}[k]
}

func stringField(obj ast.Object, key string) (string, bool) {
	t := obj.Get(ast.InternedTerm(key))
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

// batchInput builds the input document of a batch: {"<collection>": [items...]}.
func batchInput(b batch) (ast.Value, error) {
	items := make([]*ast.Term, 0, b.end-b.start)
	var c converter
	for i := b.start; i < b.end; i++ {
		t, err := c.item(b.collection, i)
		if err != nil {
			return nil, err
		}
		items = append(items, t)
	}
	return ast.NewObject([2]*ast.Term{ast.StringTerm(b.collection.Name), ast.ArrayTerm(items...)}), nil
}

// item converts item i of a collection to the value the rules read.
func (c *converter) item(coll inventory.Collection, i int) (*ast.Term, error) {
	t, err := c.term(reflect.ValueOf(coll.Item(i)))
	if err != nil {
		return nil, fmt.Errorf("convert %s item %d to rule input: %w", coll.Name, i, err)
	}
	if m := coll.Meta(i); m.Name == "" && slices.Contains(m.UnknownFields, "name") {
		t = ast.NewTerm(withName(t.Value, m.ID))
	}
	return t, nil
}

// withName gives rules a resource's id as its name when a Terraform plan leaves the name
// unknown until apply (identifier_prefix, a generated name): every message that names the
// resource then says which one it is, where it would otherwise name nobody.
func withName(v ast.Value, id string) ast.Value {
	obj, ok := v.(ast.Object)
	if !ok {
		return v
	}
	key := ast.InternedTerm("name")
	terms := make([][2]*ast.Term, 0, obj.Len())
	obj.Foreach(func(k, x *ast.Term) {
		if k.Equal(key) {
			x = ast.StringTerm(id)
		}
		terms = append(terms, [2]*ast.Term{k, x})
	})
	return ast.NewObject(terms...)
}
