package terraform

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The mappers read each attribute as the type the AWS provider's schema gives it. A plan's
// own value of another type is a damaged or forged plan: read as null it changed verdicts
// ("thirty" days of log retention read as "never expires" passed SW-CWL-02), so the plan is
// refused, naming the resource and the attribute. A value evaluated from the .tf files is
// converted as Terraform converts an attribute's value to its type ("30" to 30, true to
// "true"); one that cannot be converted is unknown, as the plan reader cannot tell what
// Terraform would have refused.

// scalarKind is the JSON type an attribute has.
type scalarKind int

const (
	kindString scalarKind = iota
	kindNumber
	kindBool
)

func (k scalarKind) String() string {
	switch k {
	case kindNumber:
		return "a number"
	case kindBool:
		return "a boolean"
	}
	return "a string"
}

// conform converts a known value to kind as Terraform would; false when it cannot be.
// null stays null.
func conform(x any, kind scalarKind) (any, bool) {
	if x == nil {
		return nil, true
	}
	// A provider that types a switch or a count as a string writes "" for unset (AWS
	// provider 6's aws_redshift_cluster.encrypted): null, the default applies.
	if s, ok := x.(string); ok && s == "" && kind != kindString {
		return nil, true
	}
	switch kind {
	case kindString:
		switch v := x.(type) {
		case string:
			return v, true
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64), true
		case bool:
			return strconv.FormatBool(v), true
		}
	case kindNumber:
		switch v := x.(type) {
		case float64:
			return v, true
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return f, true
			}
		}
	case kindBool:
		switch v := x.(type) {
		case bool:
			return v, true
		case string:
			// cty's conversion: "true" and "false", and "1" and "0"; AWS writes some
			// parameters capitalised.
			switch strings.ToLower(v) {
			case "true", "1":
				return true, true
			case "false", "0":
				return false, true
			}
		}
	}
	return nil, false
}

// invalidf records that the plan is refused; the first reason is the one reported.
func (c *converter) invalidf(in *instance, path []any, format string, args ...any) {
	if c.invalid != nil {
		return
	}
	c.invalid = fmt.Errorf("%w: resource %s: %s: %s", ErrInvalidPlan, in.address, attrPath(path), fmt.Sprintf(format, args...))
}

// attrPath spells an attribute path as Terraform does: log_delivery_configuration[0].log_type.
func attrPath(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch x := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(x)
		case int:
			fmt.Fprintf(&b, "[%d]", x)
		case match:
			fmt.Fprintf(&b, "[%s=%q]", x.attr, x.value)
		}
	}
	return b.String()
}

// typed is v's value as kind: a plan's value of another type refuses the plan, a
// configuration's value that cannot be converted makes the field unknown. ok is false when
// there is no value to read (the caller's default applies).
func (r reader) typed(field string, v val, kind scalarKind, path []any) (any, bool) {
	x, ok := conform(v.v, kind)
	switch {
	case ok:
		return x, x != nil
	case v.fromPlan:
		r.c.invalidf(r.in, path, "the plan gives %s, want %s", jsonKind(v.v), kind)
	default:
		r.unknown(field)
	}
	return nil, false
}

// text is typed for a string attribute; false when there is none (null, or unknown).
func (r reader) text(field string, v val, path []any) (string, bool) {
	x, ok := r.typed(field, v, kindString, path)
	if !ok {
		return "", false
	}
	return x.(string), true
}

// container checks that a plan's value at path is of the shape a list or map attribute
// (want "an array" or "an object") has, or null; a value from the configuration is not
// checked here (the callers treat another shape as unknown).
func (c *converter) container(in *instance, path []any, n node, want string) bool {
	if n.v == nil || jsonKind(n.v) == want {
		return true
	}
	c.invalidf(in, path, "the plan gives %s, want %s", jsonKind(n.v), want)
	return false
}
