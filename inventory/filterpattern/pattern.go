package filterpattern

import (
	"fmt"
	"strings"
)

// Kind is the kind of a filter pattern.
type Kind int

// The kinds of pattern.
const (
	// KindAll is the empty pattern, which matches every event.
	KindAll Kind = iota
	// KindTerms matches words and phrases in unstructured events.
	KindTerms
	// KindJSON matches properties of JSON events: { $.field = value }.
	KindJSON
	// KindDelimited matches fields of space-delimited events: [a, b = 1, ...].
	KindDelimited
)

func (k Kind) String() string {
	switch k {
	case KindAll:
		return "all"
	case KindTerms:
		return "terms"
	case KindJSON:
		return "json"
	case KindDelimited:
		return "delimited"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// SyntaxError is a pattern that does not parse: Column is the 1-based byte column where
// the problem was found.
type SyntaxError struct {
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("filter pattern: column %d: %s", e.Column, e.Msg)
}

// Pattern is a parsed, normalised filter pattern. The zero value is not useful; use Parse.
type Pattern struct {
	kind Kind
	// expr is the condition of a term or JSON pattern, in canonical order.
	expr *node
	// slots are the fields of a delimited pattern.
	slots []slot

	// dnf is the disjunctive normal form of the whole pattern, each conjunct a sorted list
	// of atom keys; nil when it would exceed maxDisjuncts.
	dnf [][]string
	// atoms are every atom of the pattern, for classification when dnf is nil.
	atoms []atom
	// key is what Equivalent compares.
	key string
}

// slot is one field of a space-delimited pattern.
type slot struct {
	// name is the field's name; empty for an anonymous field.
	name     string
	ellipsis bool
	// cond is the field's condition, nil when it has none.
	cond *node
}

type nodeOp int

const (
	opAtom nodeOp = iota
	opAnd
	opOr
)

type node struct {
	op   nodeOp
	kids []*node
	atom atom
	// key is the node's canonical rendering, set by canon.
	key string
}

type atomKind int

const (
	// atomTerm is a word, phrase or regex of a term pattern.
	atomTerm atomKind = iota
	// atomCompare is selector/field, operator and value.
	atomCompare
	// atomTest is selector and a value-less test (IS NULL, NOT EXISTS...).
	atomTest
)

type atom struct {
	kind atomKind
	// field is the JSON selector or the delimited field name.
	field string
	// rel is the comparison operator or test keyword.
	rel string
	val value
	// neg marks an excluded term (-term).
	neg bool
}

type valueKind int

const (
	valString valueKind = iota
	valNumber
	valRegex
)

// value is a literal. text is canonical: a string's unquoted, unescaped content, a
// number's shortest decimal form, a regex's body between the % signs.
type value struct {
	kind valueKind
	text string
}

// Kind reports the kind of the pattern.
func (p *Pattern) Kind() Kind { return p.kind }

// Parse parses a filter pattern. The error, a *SyntaxError, says where and why a pattern
// does not parse.
func Parse(pattern string) (*Pattern, error) {
	ps := &parser{src: pattern}
	ps.skipSpace()
	var p *Pattern
	var err error
	switch {
	case ps.eof():
		p = &Pattern{kind: KindAll}
	case ps.peek() == '{':
		p, err = ps.parseJSON()
	case ps.peek() == '[':
		p, err = ps.parseDelimited()
	default:
		p, err = ps.parseTerms()
	}
	if err != nil {
		return nil, err
	}
	p.normalize()
	return p, nil
}

// String renders the pattern in its normalised form: the same for patterns that differ only
// in spacing, quoting, parentheses or the order of operands, and a valid pattern that
// parses back to itself.
func (p *Pattern) String() string {
	switch p.kind {
	case KindTerms:
		return renderTerms(p.expr)
	case KindJSON:
		return "{ " + p.expr.key + " }"
	case KindDelimited:
		parts := make([]string, len(p.slots))
		for i, s := range p.slots {
			switch {
			case s.ellipsis:
				parts[i] = "..."
			case s.cond != nil:
				parts[i] = s.cond.key
			default:
				parts[i] = s.name
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return ""
}
