package terraform

// node is a part of a planned value with its after_unknown mask: u is true where the value
// is known only after apply, a map or list mirroring v where only parts of it are. s is the
// after_sensitive mask in the same shape; sensitive parts have already been taken out of v
// and marked unknown in u (see hideSensitive), so s only tells them from values that are
// merely unknown until apply.
type node struct {
	v any
	u any
	s any
}

// hideSensitive takes out of a planned value every part its sensitivity mask marks, and
// marks those parts unknown. The promise is that a sensitive value never reaches a snapshot
// or a report: removing it here, before any mapper or the evaluator reads the instance,
// keeps every later reader from copying it, and a rule that needs it reports unknown, as for
// a value known only after apply.
func hideSensitive(v, u, s any) node {
	if !containsTrue(s) {
		return node{v: v, u: u}
	}
	hv, hu := hide(v, u, s)
	return node{v: hv, u: hu, s: s}
}

func hide(v, u, s any) (any, any) {
	switch x := s.(type) {
	case bool:
		if x {
			return nil, true
		}
	case []any:
		l, ok := v.([]any)
		if !ok {
			return v, u
		}
		ul, _ := u.([]any)
		hv := make([]any, len(l))
		hu := make([]any, max(len(l), len(ul)))
		copy(hu, ul)
		for i := range l {
			var si, ui any
			if i < len(x) {
				si = x[i]
			}
			if i < len(ul) {
				ui = ul[i]
			}
			hv[i], hu[i] = hide(l[i], ui, si)
		}
		return hv, hu
	case map[string]any:
		m, ok := v.(map[string]any)
		if !ok {
			return v, u
		}
		um, _ := u.(map[string]any)
		hv := make(map[string]any, len(m))
		hu := make(map[string]any, len(um))
		for k, e := range um {
			hu[k] = e
		}
		for k, e := range m {
			hv[k], hu[k] = hide(e, um[k], x[k])
		}
		// A sensitive attribute that is also unknown has no value to hide, only its mark.
		for k, e := range x {
			if _, seen := m[k]; !seen && containsTrue(e) {
				hu[k] = true
			}
		}
		return hv, hu
	}
	return v, u
}

// sensitive reports whether any part of the value is sensitive.
func (n node) sensitive() bool {
	return containsTrue(n.s)
}

// maskGet and maskAt step into a mask (after_unknown or after_sensitive shape): true holds
// for every part of a value that is true as a whole.
func maskGet(m any, k string) any {
	switch x := m.(type) {
	case bool:
		return x
	case map[string]any:
		return x[k]
	}
	return nil
}

func maskAt(m any, i int) any {
	switch x := m.(type) {
	case bool:
		return x
	case []any:
		if i >= 0 && i < len(x) {
			return x[i]
		}
	}
	return nil
}

// hideIn replaces the sensitive parts of a resolved value with unknownValue: the
// configuration may spell out what the plan hid (a constant, a sensitive variable).
func hideIn(x any, s any) any {
	if !containsTrue(s) {
		return x
	}
	if b, ok := s.(bool); ok && b {
		return unknownValue{}
	}
	switch v := x.(type) {
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = hideIn(v[i], maskAt(s, i))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k := range v {
			out[k] = hideIn(v[k], maskGet(s, k))
		}
		return out
	}
	// A sensitive part inside a value the configuration gives as a scalar: hide it all.
	return unknownValue{}
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
		return node{u: true, s: maskGet(n.s, k)}
	}
	m, _ := n.v.(map[string]any)
	um, _ := n.u.(map[string]any)
	return node{v: m[k], u: um[k], s: maskGet(n.s, k)}
}

func (n node) at(i int) node {
	if n.unknown() {
		return node{u: true, s: maskAt(n.s, i)}
	}
	l, _ := n.v.([]any)
	ul, _ := n.u.([]any)
	out := node{s: maskAt(n.s, i)}
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
					// Which element is meant cannot be told; if any is sensitive, it may be.
					return node{u: true, s: n.sensitive()}
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
