package terraform

// node is a part of a planned value with its after_unknown mask: u is true where the value
// is known only after apply, a map or list mirroring v where only parts of it are.
type node struct {
	v any
	u any
}

func (n node) unknown() bool {
	b, ok := n.u.(bool)
	return ok && b
}

// wholeKnown reports whether no part of the value is unknown.
func (n node) wholeKnown() bool {
	return !containsTrue(n.u)
}

func containsTrue(u any) bool {
	switch x := u.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if containsTrue(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if containsTrue(e) {
				return true
			}
		}
	}
	return false
}

func (n node) get(k string) node {
	if n.unknown() {
		return node{u: true}
	}
	m, _ := n.v.(map[string]any)
	um, _ := n.u.(map[string]any)
	return node{v: m[k], u: um[k]}
}

func (n node) at(i int) node {
	if n.unknown() {
		return node{u: true}
	}
	l, _ := n.v.([]any)
	ul, _ := n.u.([]any)
	var out node
	if i >= 0 && i < len(l) {
		out.v = l[i]
	}
	if i >= 0 && i < len(ul) {
		out.u = ul[i]
	}
	return out
}

// elems lists the elements of a list or set value; nil when it is null or unknown.
func (n node) elems() []node {
	if n.unknown() {
		return nil
	}
	l, _ := n.v.([]any)
	out := make([]node, len(l))
	for i := range l {
		out[i] = n.at(i)
	}
	return out
}

// find returns the element of a list of blocks whose attribute attr has the string value.
func (n node) find(attr, value string) (node, bool) {
	for _, e := range n.elems() {
		if s, ok := e.get(attr).v.(string); ok && s == value && !e.get(attr).unknown() {
			return e, true
		}
	}
	return node{}, false
}

// path walks attribute names, list indexes and matchers.
func (n node) path(p []any) node {
	for _, k := range p {
		switch x := k.(type) {
		case string:
			n = n.get(x)
		case int:
			n = n.at(x)
		case match:
			e, ok := n.find(x.attr, x.value)
			if !ok {
				if n.unknown() {
					return node{u: true}
				}
				return node{}
			}
			n = e
		}
	}
	return n
}

// match selects, in a list of nested blocks, the block whose attribute attr equals value:
// blocks of set type have no order, so the plan and the configuration are joined on a key.
type match struct{ attr, value string }

// plain returns the value with unknown parts replaced by unknownValue (no origin).
func (n node) plain() any {
	if n.unknown() {
		return unknownValue{}
	}
	switch x := n.v.(type) {
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = n.at(i).plain()
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k := range x {
			out[k] = n.get(k).plain()
		}
		if um, ok := n.u.(map[string]any); ok {
			for k, u := range um {
				if _, seen := out[k]; !seen && containsTrue(u) {
					out[k] = unknownValue{}
				}
			}
		}
		return out
	}
	return n.v
}
