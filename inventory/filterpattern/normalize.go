package filterpattern

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// maxDisjuncts bounds the disjunctive normal form. Distributing && over || can multiply
// the size of a pattern exponentially; past this bound a pattern is compared by its
// normalised tree instead (see Key).
const maxDisjuncts = 256

// Equivalent reports whether two patterns are the same condition: the same kind (and, for
// delimited patterns, the same fields), and the same disjunctive normal form, each AND of
// one matched by an AND of the other with exactly the same atoms. A pattern that lacks a
// clause, has an extra AND clause or an extra OR branch is not equivalent.
func Equivalent(a, b *Pattern) bool {
	if a == nil || b == nil {
		return false
	}
	return a.key == b.key
}

// Key is a canonical description of the pattern's meaning: two patterns are Equivalent
// exactly when their keys are equal. It is meant for maps and messages, not for AWS.
func (p *Pattern) Key() string { return p.key }

// normalize puts the parsed tree in canonical order and derives the normal form.
func (p *Pattern) normalize() {
	var b strings.Builder
	b.WriteString(p.kind.String())
	switch p.kind {
	case KindAll:
		p.dnf = [][]string{{}}
	case KindJSON, KindTerms:
		p.expr = canon(p.expr, "")
		p.atoms = collectAtoms(p.expr, nil)
		p.dnf = dnfOf(p.expr)
	case KindDelimited:
		// The fields' names and positions are part of the meaning: a metric value such as
		// $status_code refers to a field by name.
		b.WriteString("[")
		conj := &node{op: opAnd}
		for i := range p.slots {
			s := &p.slots[i]
			if i > 0 {
				b.WriteString(",")
			}
			if s.ellipsis {
				b.WriteString("...")
				continue
			}
			b.WriteString(s.name)
			if s.cond != nil {
				s.cond = canon(s.cond, s.name)
				p.atoms = collectAtoms(s.cond, p.atoms)
				conj.kids = append(conj.kids, s.cond)
			}
		}
		b.WriteString("]")
		p.dnf = dnfOf(conj)
	}
	b.WriteString(": ")
	if p.dnf == nil {
		b.WriteString("tree ")
		b.WriteString(p.String())
	} else {
		b.WriteString(renderDNF(p.dnf))
	}
	p.key = b.String()
}

func collectAtoms(n *node, out []atom) []atom {
	if n.op == opAtom {
		return append(out, n.atom)
	}
	for _, k := range n.kids {
		out = collectAtoms(k, out)
	}
	return out
}

// canon flattens nested operators of the same kind, drops repeated operands and sorts
// operands by their rendering, bottom up, setting every node's key. In a delimited field,
// the operands that mention the field's own name sort first, so that the field keeps its
// name when the rendering is parsed again (a field is named by its first operand).
func canon(n *node, slotName string) *node {
	if n.op == opAtom {
		n.key = renderAtom(n.atom)
		return n
	}
	var kids []*node
	for _, k := range n.kids {
		k = canon(k, slotName)
		if k.op == n.op {
			kids = append(kids, k.kids...)
		} else {
			kids = append(kids, k)
		}
	}
	slices.SortFunc(kids, func(a, b *node) int {
		if slotName != "" {
			am, bm := leftmostField(a) == slotName, leftmostField(b) == slotName
			if am != bm {
				if am {
					return -1
				}
				return 1
			}
		}
		return strings.Compare(a.key, b.key)
	})
	kids = slices.CompactFunc(kids, func(a, b *node) bool { return a.key == b.key })
	if len(kids) == 1 {
		return kids[0]
	}
	n.kids = kids
	n.key = renderNode(n)
	return n
}

func renderNode(n *node) string {
	if n.op == opAtom {
		return n.key
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		parts[i] = k.key
		// Operands of the other operator are parenthesised: needed for || inside &&, and
		// kept for && inside || because that is how people write (and read) CIS patterns.
		if k.op != opAtom {
			parts[i] = "(" + k.key + ")"
		}
	}
	if n.op == opAnd {
		return strings.Join(parts, " && ")
	}
	return strings.Join(parts, " || ")
}

var (
	bareValue = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	bareTerm  = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

func renderAtom(a atom) string {
	switch a.kind {
	case atomTerm:
		s := renderValue(a.val, bareTerm)
		if a.neg {
			s = "-" + s
		}
		return s
	case atomTest:
		return a.field + " " + a.rel
	}
	return a.field + " " + a.rel + " " + renderValue(a.val, bareValue)
}

// renderValue quotes a string unless it is plain enough to stand bare (and cannot then be
// mistaken for a number).
func renderValue(v value, bare *regexp.Regexp) string {
	switch v.kind {
	case valNumber:
		return v.text
	case valRegex:
		return "%" + v.text + "%"
	}
	if bare.MatchString(v.text) {
		return v.text
	}
	return quote(v.text)
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// renderTerms writes a term pattern: the required and excluded terms, then the ? group.
func renderTerms(n *node) string {
	var parts []string
	add := func(k *node, optional bool) {
		if optional {
			parts = append(parts, "?"+k.key)
		} else {
			parts = append(parts, k.key)
		}
	}
	switch n.op {
	case opAtom:
		add(n, false)
	case opOr:
		for _, k := range n.kids {
			add(k, true)
		}
	case opAnd:
		for _, k := range n.kids {
			if k.op == opOr {
				for _, o := range k.kids {
					add(o, true)
				}
				continue
			}
			add(k, false)
		}
	}
	return strings.Join(parts, " ")
}

// dnfOf returns the disjunctive normal form of n: a sorted list of conjuncts, each a
// sorted list of atom keys, with repeats and absorbed conjuncts (supersets of another)
// removed. Without negation the atoms are independent variables of a monotone formula, for
// which this form is unique, so comparing it decides equivalence. nil means too large.
func dnfOf(n *node) [][]string {
	switch n.op {
	case opAtom:
		return [][]string{{n.key}}
	case opOr:
		var out [][]string
		for _, k := range n.kids {
			d := dnfOf(k)
			if d == nil {
				return nil
			}
			out = append(out, d...)
			if len(out) > maxDisjuncts {
				return nil
			}
		}
		return minimize(out)
	}
	acc := [][]string{{}}
	for _, k := range n.kids {
		d := dnfOf(k)
		if d == nil || len(acc)*len(d) > maxDisjuncts {
			return nil
		}
		next := make([][]string, 0, len(acc)*len(d))
		for _, x := range acc {
			for _, y := range d {
				next = append(next, union(x, y))
			}
		}
		acc = minimize(next)
	}
	return acc
}

// union merges two sorted, repeat-free lists.
func union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i], b[j]); {
		case c < 0:
			out = append(out, a[i])
			i++
		case c > 0:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// subset reports whether sorted a is contained in sorted b.
func subset(a, b []string) bool {
	if len(a) > len(b) {
		return false
	}
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

func minimize(d [][]string) [][]string {
	// Shorter conjuncts first, so that a conjunct is only ever absorbed by one already kept.
	slices.SortFunc(d, func(a, b []string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), slices.Compare(a, b))
	})
	var kept [][]string
	for _, c := range d {
		absorbed := false
		for _, k := range kept {
			if subset(k, c) {
				absorbed = true
				break
			}
		}
		if !absorbed {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(kept, slices.Compare)
	return kept
}

func renderDNF(d [][]string) string {
	parts := make([]string, len(d))
	for i, c := range d {
		switch len(c) {
		case 0:
			parts[i] = "true"
		case 1:
			parts[i] = c[0]
		default:
			parts[i] = strings.Join(c, " && ")
			if len(d) > 1 {
				parts[i] = "(" + parts[i] + ")"
			}
		}
	}
	return strings.Join(parts, " || ")
}
