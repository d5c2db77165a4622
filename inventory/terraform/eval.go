package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// origin marks a value that is unknown until apply with the resource it comes from. The
// evaluator gives every unknown attribute of a planned resource this mark; cty carries
// marks through indexing, function calls and conditionals, so the value an expression
// yields still names the resource it was read from, and the attribute of it (the plan
// value's top-level attribute, such as id or identifier).
type origin struct{ addr, attr string }

// maxEvalDepth bounds the chain of locals, variables and outputs one expression may follow.
const maxEvalDepth = 64

// maxIndexGap bounds how far count indexes may run beyond the instances a plan lists
// (instances may be missing, not thousands of them).
const maxIndexGap = 1024

// self is what each.* and count.* mean where an expression is evaluated: in a resource or
// module block with count or for_each, or nowhere.
type self struct {
	hasCount  bool
	index     int
	hasEach   bool
	eachKey   string
	eachValue cty.Value
}

// evaluator evaluates configuration expressions against the plan, the way Terraform does
// but without ever calling a provider: known values come from the plan, unknown ones are
// unknown values marked with their origin.
type evaluator struct {
	c      *converter
	src    *sources
	funcs  map[string]function.Function
	memo   map[string]cty.Value
	active map[string]bool
	depth  int
}

func newEvaluator(c *converter, src *sources) *evaluator {
	return &evaluator{c: c, src: src, funcs: functions(), memo: map[string]cty.Value{}, active: map[string]bool{}}
}

// memoized evaluates f once per key; a key met again while it is being evaluated (a cycle
// Terraform itself would have refused) or too deep a chain yields an unknown value.
func (e *evaluator) memoized(key string, f func() cty.Value) cty.Value {
	if v, ok := e.memo[key]; ok {
		return v
	}
	if e.active[key] || e.depth >= maxEvalDepth {
		return cty.DynamicVal
	}
	e.active[key] = true
	e.depth++
	v := f()
	e.depth--
	delete(e.active, key)
	e.memo[key] = v
	return v
}

// eval evaluates one expression of module instance mi. extra holds iterator variables
// (dynamic blocks) that shadow everything else. It never panics: a cty or HCL panic on an
// odd configuration becomes an unknown value.
func (e *evaluator) eval(mi moduleInstance, s self, expr hcl.Expression, extra map[string]cty.Value) (v cty.Value) {
	defer func() {
		if recover() != nil {
			v = cty.DynamicVal
		}
	}()
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: e.funcs}
	vars := map[string]cty.Value{}
	locals := map[string]cty.Value{}
	resources := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	mods := map[string]cty.Value{}
	for _, t := range expr.Variables() {
		root := t.RootName()
		if _, ok := extra[root]; ok {
			continue
		}
		switch root {
		case "var":
			if n, ok := attrName(t, 1); ok {
				vars[n] = e.variable(mi, n)
			}
		case "local":
			if n, ok := attrName(t, 1); ok {
				locals[n] = e.local(mi, n)
			}
		case "each":
			if s.hasEach {
				ctx.Variables["each"] = cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(s.eachKey), "value": s.eachValue})
			}
		case "count":
			if s.hasCount {
				ctx.Variables["count"] = cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(s.index))})
			}
		case "path":
			dir := "."
			if m := e.src.modules[mi.static()]; m != nil {
				dir = m.rel
			}
			ctx.Variables["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(dir), "root": cty.StringVal("."), "cwd": cty.StringVal(".")})
		case "terraform":
			ctx.Variables["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "module":
			if n, ok := attrName(t, 1); ok {
				mods[n] = e.moduleValue(mi, n)
			}
		case "data":
			typ, ok1 := attrName(t, 1)
			name, ok2 := attrName(t, 2)
			if ok1 && ok2 {
				if data[typ] == nil {
					data[typ] = map[string]cty.Value{}
				}
				data[typ][name] = e.resourceValue(mi, "data", typ, name)
			}
		case "self":
		default:
			if n, ok := attrName(t, 1); ok {
				if resources[root] == nil {
					resources[root] = map[string]cty.Value{}
				}
				resources[root][n] = e.resourceValue(mi, "managed", root, n)
			}
		}
	}
	ctx.Variables["var"] = cty.ObjectVal(vars)
	ctx.Variables["local"] = cty.ObjectVal(locals)
	ctx.Variables["module"] = cty.ObjectVal(mods)
	dataObj := map[string]cty.Value{}
	for typ, names := range data {
		dataObj[typ] = cty.ObjectVal(names)
	}
	ctx.Variables["data"] = cty.ObjectVal(dataObj)
	for typ, names := range resources {
		ctx.Variables[typ] = cty.ObjectVal(names)
	}
	for k, x := range extra {
		ctx.Variables[k] = x
	}
	val, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return val
}

func attrName(t hcl.Traversal, i int) (string, bool) {
	if len(t) <= i {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsMarked() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

// variable is var.NAME in module instance mi: the argument of the module call, the
// variable's default, or for the root module the value the plan was made with.
func (e *evaluator) variable(mi moduleInstance, name string) cty.Value {
	return e.memoized(mi.String()+"|var."+name, func() cty.Value {
		mod := e.src.modules[mi.static()]
		var decl *hclsyntax.Block
		if mod != nil {
			decl = mod.variables[name]
		}
		v := cty.NilVal
		if len(mi) == 0 {
			// The plan writes a sensitive variable's value in clear; it stays unknown here so
			// that nothing evaluated from it reaches the snapshot.
			if e.c.cfg.sensitiveVar(name) || declaredSensitive(decl) {
				return cty.DynamicVal
			}
			if pv, ok := e.c.plan.Variables[name]; ok {
				v = jsonToCty(pv.Value)
			}
		} else if parent := e.src.modules[mi.parent().static()]; parent != nil {
			if call := parent.calls[mi[len(mi)-1].name]; call != nil {
				if a, ok := call.Body.Attributes[name]; ok {
					v = e.eval(mi.parent(), e.moduleCallSelf(mi), a.Expr, nil)
				}
			}
		}
		if v == cty.NilVal && decl != nil {
			if a, ok := decl.Body.Attributes["default"]; ok {
				v = e.eval(mi, self{}, a.Expr, nil)
			}
		}
		if v == cty.NilVal {
			return cty.DynamicVal
		}
		if decl != nil {
			if a, ok := decl.Body.Attributes["type"]; ok {
				if ty, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
					if cv, err := convert.Convert(v, ty); err == nil {
						v = cv
					}
				}
			}
		}
		return v
	})
}

func (e *evaluator) local(mi moduleInstance, name string) cty.Value {
	return e.memoized(mi.String()+"|local."+name, func() cty.Value {
		mod := e.src.modules[mi.static()]
		if mod == nil {
			return cty.DynamicVal
		}
		a, ok := mod.locals[name]
		if !ok {
			return cty.DynamicVal
		}
		return e.eval(mi, self{}, a.Expr, nil)
	})
}

// moduleCallSelf is each/count inside the module block that created instance mi.
func (e *evaluator) moduleCallSelf(mi moduleInstance) self {
	last := mi[len(mi)-1]
	switch last.key.kind {
	case intKey:
		return self{hasCount: true, index: last.key.num}
	case stringKey:
		s := self{hasEach: true, eachKey: last.key.str, eachValue: cty.DynamicVal}
		if parent := e.src.modules[mi.parent().static()]; parent != nil {
			if call := parent.calls[last.name]; call != nil {
				if a, ok := call.Body.Attributes["for_each"]; ok {
					s.eachValue = e.forEachValue(mi.parent(), a.Expr, last.key.str)
				}
			}
		}
		return s
	}
	return self{}
}

// resourceSelf is each/count inside the resource block of an instance.
func (e *evaluator) resourceSelf(in *instance) self {
	switch in.addr.key.kind {
	case intKey:
		return self{hasCount: true, index: in.addr.key.num}
	case stringKey:
		s := self{hasEach: true, eachKey: in.addr.key.str, eachValue: cty.DynamicVal}
		if in.block != nil {
			if a, ok := in.block.Body.Attributes["for_each"]; ok {
				s.eachValue = e.forEachValue(in.addr.module, a.Expr, in.addr.key.str)
			}
		}
		return s
	}
	return self{}
}

// forEachValue is each.value for one key of a for_each expression.
func (e *evaluator) forEachValue(mi moduleInstance, expr hcl.Expression, key string) cty.Value {
	all := e.eval(mi, self{}, expr, nil)
	if !all.IsKnown() || all.IsNull() {
		return cty.DynamicVal.WithSameMarks(all)
	}
	ty := all.Type()
	switch {
	case ty.IsSetType():
		// each.value of a set of strings is the element itself.
		return cty.StringVal(key)
	case ty.IsMapType() || ty.IsObjectType():
		if all.Type().IsObjectType() && !all.Type().HasAttribute(key) {
			return cty.DynamicVal
		}
		v, diags := hcl.Index(all, cty.StringVal(key), nil)
		if diags.HasErrors() {
			return cty.DynamicVal
		}
		return v
	}
	return cty.DynamicVal
}

// resourceValue is what a reference to TYPE.NAME (or data.TYPE.NAME) yields in module
// instance mi: one object, a tuple for count, an object of instances for for_each.
func (e *evaluator) resourceValue(mi moduleInstance, mode, typ, name string) cty.Value {
	key := mi.String() + "|" + mode + "." + typ + "." + name
	return e.memoized(key, func() cty.Value {
		insts := e.c.byConfig[mi.String()+"|"+configKey(mode, typ, name)]
		switch e.c.repetition(mi, mode, typ, name, insts) {
		case intKey:
			if len(insts) == 0 {
				return cty.EmptyTupleVal
			}
			n := 0
			for _, in := range insts {
				n = max(n, in.addr.key.num+1)
			}
			if n > len(insts)+maxIndexGap || n < 0 {
				// Not what count makes: refuse to allocate for it.
				return cty.DynamicVal
			}
			elems := make([]cty.Value, n)
			for i := range elems {
				elems[i] = cty.DynamicVal
			}
			for _, in := range insts {
				elems[in.addr.key.num] = e.c.objectOf(in)
			}
			return cty.TupleVal(elems)
		case stringKey:
			if len(insts) == 0 {
				return cty.EmptyObjectVal
			}
			attrs := map[string]cty.Value{}
			for _, in := range insts {
				attrs[in.addr.key.str] = e.c.objectOf(in)
			}
			return cty.ObjectVal(attrs)
		}
		if len(insts) == 1 {
			return e.c.objectOf(insts[0])
		}
		return cty.DynamicVal
	})
}

// moduleValue is what module.NAME yields in module instance mi: an object of the outputs
// of each instance of the call.
func (e *evaluator) moduleValue(mi moduleInstance, name string) cty.Value {
	return e.memoized(mi.String()+"|module."+name, func() cty.Value {
		keys := e.c.moduleKeys[mi.String()+"|"+name]
		kind := noKey
		if call := e.c.cfg.calls[joinStatic(mi.static(), name)]; call != nil {
			switch {
			case call.CountExpression != nil:
				kind = intKey
			case call.ForEachExpression != nil:
				kind = stringKey
			}
		}
		switch kind {
		case intKey:
			n := 0
			for _, k := range keys {
				n = max(n, k.num+1)
			}
			if n > len(keys)+maxIndexGap || n < 0 {
				return cty.DynamicVal
			}
			elems := make([]cty.Value, n)
			for i := range elems {
				elems[i] = e.outputs(mi.child(name, intIndex(i)))
			}
			if n == 0 {
				return cty.EmptyTupleVal
			}
			return cty.TupleVal(elems)
		case stringKey:
			attrs := map[string]cty.Value{}
			for _, k := range keys {
				attrs[k.str] = e.outputs(mi.child(name, k))
			}
			return cty.ObjectVal(attrs)
		}
		return e.outputs(mi.child(name, instanceKey{}))
	})
}

func (e *evaluator) outputs(mi moduleInstance) cty.Value {
	mod := e.src.modules[mi.static()]
	if mod == nil {
		return cty.DynamicVal
	}
	names := make([]string, 0, len(mod.outputs))
	for n := range mod.outputs {
		names = append(names, n)
	}
	sort.Strings(names)
	attrs := map[string]cty.Value{}
	for _, n := range names {
		attrs[n] = e.memoized(mi.String()+"|output."+n, func() cty.Value {
			a, ok := mod.outputs[n].Body.Attributes["value"]
			if !ok {
				return cty.DynamicVal
			}
			return e.eval(mi, self{}, a.Expr, nil)
		})
	}
	return cty.ObjectVal(attrs)
}

// body evaluates a resource block's body into an object that mirrors the plan's value:
// attributes by name, nested blocks (dynamic ones expanded) as tuples of objects.
func (e *evaluator) body(mi moduleInstance, s self, b *hclsyntax.Body, extra map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{}
	for name, a := range b.Attributes {
		switch name {
		case "count", "for_each", "depends_on", "provider", "lifecycle":
			continue
		}
		attrs[name] = e.eval(mi, s, a.Expr, extra)
	}
	blocks := map[string][]cty.Value{}
	for _, nb := range b.Blocks {
		switch nb.Type {
		case "lifecycle", "provisioner", "connection", "timeouts":
			continue
		case "dynamic":
			if len(nb.Labels) != 1 {
				continue
			}
			blocks[nb.Labels[0]] = append(blocks[nb.Labels[0]], e.dynamic(mi, s, nb, extra)...)
		default:
			blocks[nb.Type] = append(blocks[nb.Type], e.body(mi, s, nb.Body, extra))
		}
	}
	for t, list := range blocks {
		attrs[t] = cty.TupleVal(list)
	}
	return cty.ObjectVal(attrs)
}

// dynamic expands a dynamic block: one content body per element of its for_each, with the
// iterator (the block's label, or its iterator argument) bound to {key, value}.
func (e *evaluator) dynamic(mi moduleInstance, s self, b *hclsyntax.Block, extra map[string]cty.Value) []cty.Value {
	fe, ok := b.Body.Attributes["for_each"]
	if !ok {
		return nil
	}
	iter := b.Labels[0]
	if a, ok := b.Body.Attributes["iterator"]; ok {
		if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(t) == 1 {
			iter = t.RootName()
		}
	}
	var content *hclsyntax.Body
	for _, nb := range b.Body.Blocks {
		if nb.Type == "content" {
			content = nb.Body
		}
	}
	coll := e.eval(mi, s, fe.Expr, extra)
	// The collection must be known (its elements may not be): its keys are the blocks.
	coll, _ = coll.Unmark()
	if content == nil || !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() {
		return nil
	}
	var out []cty.Value
	for it := coll.ElementIterator(); it.Next(); {
		k, v := it.Element()
		inner := map[string]cty.Value{}
		for n, x := range extra {
			inner[n] = x
		}
		inner[iter] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
		out = append(out, e.body(mi, s, content, inner))
	}
	return out
}

// instanceBody is the evaluated configuration of one resource instance, or cty.NilVal when
// its block is not at hand.
func (e *evaluator) instanceBody(in *instance) cty.Value {
	if in.block == nil {
		return cty.NilVal
	}
	return e.memoized("body|"+in.address, func() cty.Value {
		return e.body(in.addr.module, e.resourceSelf(in), in.block.Body, nil)
	})
}

func joinStatic(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func configKey(mode, typ, name string) string {
	if mode == "data" {
		return "data." + typ + "." + name
	}
	return typ + "." + name
}

// originOf names the resource an unknown value comes from: the one origin among its marks
// (deep, so a list whose one element is unknown counts too). Its attr is empty when the
// value comes from more than one attribute of the resource.
func originOf(v cty.Value) (origin, bool) {
	_, pvm := v.UnmarkDeepWithPaths()
	var found origin
	n := 0
	for _, pm := range pvm {
		for m := range pm.Marks {
			o, ok := m.(origin)
			switch {
			case !ok:
			case n == 0:
				found, n = o, 1
			case o.addr != found.addr:
				return origin{}, false
			case o.attr != found.attr:
				found.attr = ""
			}
		}
	}
	return found, n == 1
}

// jsonToCty converts a plan value (decoded JSON) into a cty value with implied types:
// objects for maps, tuples for lists.
func jsonToCty(v any) cty.Value {
	return planToCty(v, nil, origin{})
}

// planToCty converts a plan value and its unknown mask: where the mask is true the result is
// an unknown value marked with the origin o (when o.addr is not empty). The attributes of
// the outermost object name themselves in the origin of the unknown values under them.
func planToCty(v any, unknown any, o origin) cty.Value {
	if b, ok := unknown.(bool); ok && b {
		if o.addr == "" {
			return cty.DynamicVal
		}
		return cty.DynamicVal.Mark(o)
	}
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case string:
		return cty.StringVal(strings.ToValidUTF8(x, "\uFFFD"))
	case float64:
		return cty.NumberFloatVal(x)
	case bool:
		return cty.BoolVal(x)
	case []any:
		um, _ := unknown.([]any)
		if len(x) == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, len(x))
		for i, e := range x {
			var u any
			if i < len(um) {
				u = um[i]
			}
			elems[i] = planToCty(e, u, o)
		}
		return cty.TupleVal(elems)
	case map[string]any:
		um, _ := unknown.(map[string]any)
		attrs := make(map[string]cty.Value, len(x)+len(um))
		at := func(k string) origin {
			if o.addr != "" && o.attr == "" {
				return origin{addr: o.addr, attr: k}
			}
			return o
		}
		for k, e := range x {
			attrs[k] = planToCty(e, um[k], at(k))
		}
		for k, u := range um {
			if _, ok := attrs[k]; !ok {
				if b, ok := u.(bool); ok && b {
					attrs[k] = planToCty(nil, true, at(k))
				}
			}
		}
		if len(attrs) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(attrs)
	}
	return cty.DynamicVal
}

// ctyToGo converts a known cty value into plain Go values (string, float64, bool, []any,
// map[string]any); unknown parts become unknownValue.
func ctyToGo(v cty.Value) any {
	if !v.IsKnown() {
		o, _ := originOf(v)
		return unknownValue{ref: o.addr, attr: o.attr}
	}
	// Marks on this value itself go; marks on its elements stay, for the recursion.
	v, _ = v.Unmark()
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f
	case ty == cty.Bool:
		return v.True()
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		var out []any
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, ctyToGo(e))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = ctyToGo(e)
		}
		return out
	}
	return unknownValue{}
}

// unknownValue is a value that is unknown until apply; ref is the snapshot id of the
// resource it comes from, when one could be told, and attr the attribute of that resource
// it is read from, when that could be told too.
type unknownValue struct{ ref, attr string }

func (u unknownValue) String() string { return fmt.Sprintf("(known after apply%s)", refSuffix(u.ref)) }

func refSuffix(ref string) string {
	if ref == "" {
		return ""
	}
	return ", from " + ref
}

// declaredSensitive reports whether a variable block says sensitive = true.
func declaredSensitive(decl *hclsyntax.Block) bool {
	if decl == nil {
		return false
	}
	a, ok := decl.Body.Attributes["sensitive"]
	if !ok {
		return false
	}
	v, diags := a.Expr.Value(nil)
	return !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() && v.True()
}
