package filterpattern

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// parser reads a pattern left to right. Token rules depend on where it stands (a bare
// value may hold '.' and '*', a selector may hold '[0]'), so it scans characters directly
// instead of going through a separate lexer.
type parser struct {
	src string
	pos int
	// depth counts open parentheses, so that hostile input cannot exhaust the stack.
	depth int
}

// maxDepth bounds parenthesis nesting. AWS caps a pattern at 1024 characters, far less
// than this allows.
const maxDepth = 100

func (ps *parser) eof() bool  { return ps.pos >= len(ps.src) }
func (ps *parser) peek() byte { return ps.src[ps.pos] }

func (ps *parser) skipSpace() {
	for !ps.eof() && isSpace(ps.peek()) {
		ps.pos++
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func (ps *parser) errAt(pos int, format string, args ...any) error {
	return &SyntaxError{Column: pos + 1, Msg: fmt.Sprintf(format, args...)}
}

// describe names what stands at the current position, for error messages.
func (ps *parser) describe() string {
	if ps.eof() {
		return "end of pattern"
	}
	r := ps.src[ps.pos:]
	if len(r) > 12 {
		r = r[:12] + "…"
	}
	return strconv.Quote(r)
}

func (ps *parser) consume(s string) bool {
	if strings.HasPrefix(ps.src[ps.pos:], s) {
		ps.pos += len(s)
		return true
	}
	return false
}

// comparison is how a condition's operand is read: a JSON selector or a delimited field
// name.
type comparison func(ps *parser) (*node, error)

func (ps *parser) parseJSON() (*Pattern, error) {
	open := ps.pos
	ps.pos++ // {
	ps.skipSpace()
	if !ps.eof() && ps.peek() == '}' {
		return nil, ps.errAt(ps.pos, "empty JSON pattern")
	}
	expr, err := ps.parseOr((*parser).parseJSONComparison)
	if err != nil {
		return nil, err
	}
	ps.skipSpace()
	if ps.eof() {
		return nil, ps.errAt(open, "{ is never closed")
	}
	if ps.peek() != '}' {
		return nil, ps.errAt(ps.pos, "expected && or || or }, found %s", ps.describe())
	}
	ps.pos++
	ps.skipSpace()
	if !ps.eof() {
		return nil, ps.errAt(ps.pos, "unexpected %s after the closing }", ps.describe())
	}
	return &Pattern{kind: KindJSON, expr: expr}, nil
}

func (ps *parser) parseOr(cmp comparison) (*node, error) {
	first, err := ps.parseAnd(cmp)
	if err != nil {
		return nil, err
	}
	kids := []*node{first}
	for {
		ps.skipSpace()
		if !ps.consume("||") {
			break
		}
		k, err := ps.parseAnd(cmp)
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &node{op: opOr, kids: kids}, nil
}

func (ps *parser) parseAnd(cmp comparison) (*node, error) {
	first, err := ps.parsePrimary(cmp)
	if err != nil {
		return nil, err
	}
	kids := []*node{first}
	for {
		ps.skipSpace()
		if !ps.consume("&&") {
			break
		}
		k, err := ps.parsePrimary(cmp)
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &node{op: opAnd, kids: kids}, nil
}

func (ps *parser) parsePrimary(cmp comparison) (*node, error) {
	ps.skipSpace()
	if ps.eof() || ps.peek() != '(' {
		return cmp(ps)
	}
	open := ps.pos
	ps.pos++
	ps.depth++
	if ps.depth > maxDepth {
		return nil, ps.errAt(open, "parentheses nested deeper than %d", maxDepth)
	}
	n, err := ps.parseOr(cmp)
	if err != nil {
		return nil, err
	}
	ps.skipSpace()
	if ps.eof() {
		return nil, ps.errAt(open, "( is never closed")
	}
	if ps.peek() != ')' {
		return nil, ps.errAt(ps.pos, "expected && or || or ), found %s", ps.describe())
	}
	ps.pos++
	ps.depth--
	return n, nil
}

// isNameChar reports whether c may appear in a JSON property name or a delimited field
// name. The guide names letters, digits, '-' and '_'; other punctuation that cannot be
// confused with the syntax is accepted too, since AWS has accepted patterns that use it.
func isNameChar(c byte) bool {
	if isSpace(c) {
		return false
	}
	return !strings.ContainsRune(`.[](){}=!<>&|"%,$*`, rune(c))
}

func (ps *parser) parseJSONComparison() (*node, error) {
	ps.skipSpace()
	if ps.eof() || ps.peek() != '$' {
		return nil, ps.errAt(ps.pos, "expected a property selector such as $.field, found %s", ps.describe())
	}
	sel, err := ps.parseSelector()
	if err != nil {
		return nil, err
	}
	return ps.parseCondition(sel, true)
}

// parseSelector reads $.a.b[0].c.
func (ps *parser) parseSelector() (string, error) {
	start := ps.pos
	ps.pos++ // $
	var b strings.Builder
	b.WriteByte('$')
	for !ps.eof() {
		switch ps.peek() {
		case '.':
			ps.pos++
			if !ps.eof() && ps.peek() == '*' {
				ps.pos++
				b.WriteString(".*")
				continue
			}
			n := ps.pos
			for !ps.eof() && isNameChar(ps.peek()) {
				ps.pos++
			}
			if n == ps.pos {
				return "", ps.errAt(ps.pos, "expected a property name after '.', found %s", ps.describe())
			}
			b.WriteString("." + ps.src[n:ps.pos])
			continue
		case '[':
			open := ps.pos
			ps.pos++
			n := ps.pos
			for !ps.eof() && (ps.peek() >= '0' && ps.peek() <= '9' || ps.peek() == '*') {
				ps.pos++
			}
			idx := ps.src[n:ps.pos]
			if idx == "" || (strings.Contains(idx, "*") && idx != "*") || ps.eof() || ps.peek() != ']' {
				return "", ps.errAt(open, "expected an array index such as [0]")
			}
			ps.pos++
			if idx != "*" {
				// [007] and [7] are the same element.
				idx = strings.TrimLeft(idx, "0")
				if idx == "" {
					idx = "0"
				}
			}
			b.WriteString("[" + idx + "]")
			continue
		}
		break
	}
	if ps.pos == start+1 {
		return "", ps.errAt(ps.pos, "expected a property after $, found %s", ps.describe())
	}
	return b.String(), nil
}

// parseCondition reads what follows a selector or field name: an operator and a value, or
// a test keyword (JSON only).
func (ps *parser) parseCondition(field string, json bool) (*node, error) {
	ps.skipSpace()
	opPos := ps.pos
	var rel string
	for _, op := range []string{"!=", "<=", ">=", "=", "<", ">"} {
		if ps.consume(op) {
			rel = op
			break
		}
	}
	if rel == "" {
		if json {
			if kw, ok := ps.parseTestKeyword(); ok {
				return &node{op: opAtom, atom: atom{kind: atomTest, field: field, rel: kw}}, nil
			}
			return nil, ps.errAt(opPos, "expected =, !=, <, >, <=, >=, IS NULL, IS TRUE, IS FALSE, EXISTS or NOT EXISTS after %s, found %s", field, ps.describe())
		}
		return nil, ps.errAt(opPos, "expected =, !=, <, >, <= or >= after %s, found %s", field, ps.describe())
	}
	ps.skipSpace()
	valPos := ps.pos
	v, err := ps.parseValue()
	if err != nil {
		return nil, err
	}
	if rel != "=" && rel != "!=" && v.kind != valNumber {
		return nil, ps.errAt(valPos, "%s compares numbers, and %s is not one", rel, strconv.Quote(v.text))
	}
	return &node{op: opAtom, atom: atom{kind: atomCompare, field: field, rel: rel, val: v}}, nil
}

// parseTestKeyword reads IS NULL, IS TRUE, IS FALSE, EXISTS or NOT EXISTS. The guide writes
// them in capitals; any case is accepted and normalised to capitals.
func (ps *parser) parseTestKeyword() (string, bool) {
	save := ps.pos
	w1 := strings.ToUpper(ps.word())
	switch w1 {
	case "EXISTS":
		return "EXISTS", true
	case "IS", "NOT":
		ps.skipSpace()
		w2 := strings.ToUpper(ps.word())
		switch {
		case w1 == "IS" && (w2 == "NULL" || w2 == "TRUE" || w2 == "FALSE"):
			return "IS " + w2, true
		case w1 == "NOT" && w2 == "EXISTS":
			return "NOT EXISTS", true
		}
	}
	ps.pos = save
	return "", false
}

func (ps *parser) word() string {
	n := ps.pos
	for !ps.eof() && (ps.peek() >= 'a' && ps.peek() <= 'z' || ps.peek() >= 'A' && ps.peek() <= 'Z') {
		ps.pos++
	}
	return ps.src[n:ps.pos]
}

var numberPattern = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// parseValue reads a quoted string, a %regex% or a bare value (a number when it reads as
// one, a string otherwise).
func (ps *parser) parseValue() (value, error) {
	if ps.eof() {
		return value{}, ps.errAt(ps.pos, "expected a value, found end of pattern")
	}
	switch ps.peek() {
	case '"':
		s, err := ps.quoted()
		return value{kind: valString, text: s}, err
	case '%':
		re, err := ps.regex()
		return value{kind: valRegex, text: re}, err
	}
	n := ps.pos
	for !ps.eof() && !isSpace(ps.peek()) && !strings.ContainsRune(`(){}[],&|"%`, rune(ps.peek())) {
		ps.pos++
	}
	raw := ps.src[n:ps.pos]
	if raw == "" {
		return value{}, ps.errAt(n, "expected a value, found %s", ps.describe())
	}
	if numberPattern.MatchString(raw) {
		return value{kind: valNumber, text: canonicalNumber(raw)}, nil
	}
	return value{kind: valString, text: raw}, nil
}

// canonicalNumber writes 1e3, +1000 and 1000.0 alike. A number out of float64's range
// keeps its own spelling, lower-cased.
func canonicalNumber(raw string) string {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) {
		return strings.ToLower(strings.TrimPrefix(raw, "+"))
	}
	if f == 0 {
		f = 0 // -0 and 0 are one number
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// quoted reads "..." with backslash escapes.
func (ps *parser) quoted() (string, error) {
	open := ps.pos
	ps.pos++
	var b strings.Builder
	for !ps.eof() {
		c := ps.peek()
		switch c {
		case '\\':
			if ps.pos+1 < len(ps.src) {
				b.WriteByte(ps.src[ps.pos+1])
				ps.pos += 2
				continue
			}
			ps.pos++
			continue
		case '"':
			ps.pos++
			return b.String(), nil
		}
		b.WriteByte(c)
		ps.pos++
	}
	return "", ps.errAt(open, "quoted string is never closed")
}

// regex reads %...%. CloudWatch Logs regexes cannot contain % (it is not among the
// supported characters), so the next % closes.
func (ps *parser) regex() (string, error) {
	open := ps.pos
	end := strings.IndexByte(ps.src[ps.pos+1:], '%')
	if end < 0 {
		return "", ps.errAt(open, "regular expression is never closed with %%")
	}
	body := ps.src[ps.pos+1 : ps.pos+1+end]
	if body == "" {
		return "", ps.errAt(open, "empty regular expression")
	}
	ps.pos += end + 2
	return body, nil
}

func (ps *parser) parseDelimited() (*Pattern, error) {
	open := ps.pos
	ps.pos++ // [
	p := &Pattern{kind: KindDelimited}
	for {
		ps.skipSpace()
		if ps.eof() {
			return nil, ps.errAt(open, "[ is never closed")
		}
		s, err := ps.parseSlot()
		if err != nil {
			return nil, err
		}
		p.slots = append(p.slots, s)
		ps.skipSpace()
		if ps.eof() {
			return nil, ps.errAt(open, "[ is never closed")
		}
		if ps.peek() == ']' {
			ps.pos++
			break
		}
		if ps.peek() != ',' {
			return nil, ps.errAt(ps.pos, "expected , or ], found %s", ps.describe())
		}
		ps.pos++
	}
	ps.skipSpace()
	if !ps.eof() {
		return nil, ps.errAt(ps.pos, "unexpected %s after the closing ]", ps.describe())
	}
	return p, nil
}

// parseSlot reads one field of a delimited pattern: empty (an anonymous field), "...", a
// name, or a condition whose first operand names the field.
func (ps *parser) parseSlot() (slot, error) {
	switch {
	case ps.peek() == ',' || ps.peek() == ']':
		return slot{}, nil
	case ps.consume("..."), ps.consume("…"):
		return slot{ellipsis: true}, nil
	}
	save := ps.pos
	name := ps.fieldName()
	if name != "" {
		ps.skipSpace()
		if ps.eof() || ps.peek() == ',' || ps.peek() == ']' {
			return slot{name: name}, nil
		}
	}
	ps.pos = save
	cond, err := ps.parseOr((*parser).parseFieldComparison)
	if err != nil {
		return slot{}, err
	}
	return slot{name: leftmostField(cond), cond: cond}, nil
}

func (ps *parser) fieldName() string {
	n := ps.pos
	for !ps.eof() && isNameChar(ps.peek()) {
		ps.pos++
	}
	return ps.src[n:ps.pos]
}

func (ps *parser) parseFieldComparison() (*node, error) {
	ps.skipSpace()
	name := ps.fieldName()
	if name == "" {
		return nil, ps.errAt(ps.pos, "expected a field name, found %s", ps.describe())
	}
	return ps.parseCondition(name, false)
}

func leftmostField(n *node) string {
	for n.op != opAtom {
		n = n.kids[0]
	}
	return n.atom.field
}

// parseTerms reads an unstructured pattern: whitespace-separated terms, each a bare word,
// a "quoted phrase" or a %regex%, optionally marked ?term (one of these) or -term (not
// this).
func (ps *parser) parseTerms() (*Pattern, error) {
	var required, optional []*node
	blank := 0
	for ps.skipSpace(); !ps.eof(); ps.skipSpace() {
		start := ps.pos
		mark := byte(0)
		if c := ps.peek(); c == '?' || c == '-' {
			mark = c
			ps.pos++
			// The guide writes an exclusion as "ERROR" - "Exiting", with a space.
			ps.skipSpace()
			if ps.eof() {
				return nil, ps.errAt(start, "%c must be followed by a term", mark)
			}
			if c := ps.peek(); c == '?' || c == '-' {
				return nil, ps.errAt(ps.pos, "%c cannot follow %c", c, mark)
			}
		}
		v, err := ps.term()
		if err != nil {
			return nil, err
		}
		if v.kind == valString && strings.TrimSpace(v.text) == "" {
			if mark != 0 {
				return nil, ps.errAt(start, "empty term")
			}
			blank++
			continue
		}
		n := &node{op: opAtom, atom: atom{kind: atomTerm, val: v, neg: mark == '-'}}
		if mark == '?' {
			optional = append(optional, n)
		} else {
			required = append(required, n)
		}
	}
	if len(required) == 0 && len(optional) == 0 {
		// "" and " " match every event.
		return &Pattern{kind: KindAll}, nil
	}
	if blank > 0 {
		return nil, ps.errAt(0, "an empty quoted term can only stand alone (it matches every event)")
	}
	kids := required
	if len(optional) == 1 {
		kids = append(kids, optional[0])
	} else if len(optional) > 1 {
		kids = append(kids, &node{op: opOr, kids: optional})
	}
	if len(kids) == 1 {
		return &Pattern{kind: KindTerms, expr: kids[0]}, nil
	}
	return &Pattern{kind: KindTerms, expr: &node{op: opAnd, kids: kids}}, nil
}

func (ps *parser) term() (value, error) {
	switch ps.peek() {
	case '"':
		s, err := ps.quoted()
		return value{kind: valString, text: s}, err
	case '%':
		re, err := ps.regex()
		return value{kind: valRegex, text: re}, err
	}
	n := ps.pos
	for !ps.eof() && !isSpace(ps.peek()) {
		if ps.peek() == '"' {
			return value{}, ps.errAt(ps.pos, "a quote inside a bare term; quote the whole term")
		}
		ps.pos++
	}
	return value{kind: valString, text: ps.src[n:ps.pos]}, nil
}
