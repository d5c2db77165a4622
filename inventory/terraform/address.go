package terraform

import (
	"fmt"
	"strconv"
	"strings"
)

// step is one name of a Terraform address or reference, with its instance key when it has
// one: module.db["orders"] is the step {db, "orders"}, aws_instance.web[0] ends with {web, 0}.
type step struct {
	name string
	key  instanceKey
}

// instanceKey is a count index or a for_each key; the zero value is "no key".
type instanceKey struct {
	kind keyKind
	num  int
	str  string
}

type keyKind uint8

const (
	noKey keyKind = iota
	intKey
	stringKey
)

func intIndex(i int) instanceKey       { return instanceKey{kind: intKey, num: i} }
func stringIndex(s string) instanceKey { return instanceKey{kind: stringKey, str: s} }

// String formats the key as Terraform writes it in addresses: [0] or ["key"].
func (k instanceKey) String() string {
	switch k.kind {
	case intKey:
		return "[" + strconv.Itoa(k.num) + "]"
	case stringKey:
		return "[" + strconv.Quote(k.str) + "]"
	}
	return ""
}

// maxIndex is the largest count index storewatch accepts: far more than count ever makes.
const maxIndex = 1 << 30

// keyOf converts the index of a resource change (a JSON number or string) to a key.
func keyOf(index any) instanceKey {
	switch v := index.(type) {
	case float64:
		if v < 0 || v > maxIndex || v != float64(int(v)) {
			return stringIndex(strconv.FormatFloat(v, 'g', -1, 64))
		}
		return intIndex(int(v))
	case string:
		return stringIndex(v)
	}
	return instanceKey{}
}

// parseTraversal splits an address or reference (module.a["x"].aws_s3_bucket.b[0].arn) into
// steps. It accepts what Terraform writes in plans: identifiers separated by dots, each
// optionally followed by one [number] or ["string"] index.
func parseTraversal(s string) ([]step, error) {
	var out []step
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && isIdentByte(s[j], j == i) {
			j++
		}
		if j == i {
			return nil, fmt.Errorf("expected a name at offset %d of %q", i, s)
		}
		st := step{name: s[i:j]}
		i = j
		if i < len(s) && s[i] == '[' {
			k, n, err := parseIndex(s[i:])
			if err != nil {
				return nil, fmt.Errorf("%q: %w", s, err)
			}
			st.key = k
			i += n
		}
		out = append(out, st)
		// An attribute of a list element (x[0].y) or a nested index (x[0][1]) carries on.
		for i < len(s) && s[i] == '[' {
			k, n, err := parseIndex(s[i:])
			if err != nil {
				return nil, fmt.Errorf("%q: %w", s, err)
			}
			out = append(out, step{key: k})
			i += n
		}
		if i < len(s) {
			if s[i] != '.' {
				return nil, fmt.Errorf("unexpected %q at offset %d of %q", s[i], i, s)
			}
			i++
			if i == len(s) {
				return nil, fmt.Errorf("%q ends with a dot", s)
			}
		}
	}
	return out, nil
}

func isIdentByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case c >= '0' && c <= '9', c == '-':
		return !first
	}
	return false
}

// parseIndex reads [123] or ["..."] at the start of s and returns the key and its length.
func parseIndex(s string) (instanceKey, int, error) {
	end := -1
	if len(s) > 1 && s[1] == '"' {
		// Find the closing quote, honouring backslash escapes.
		for j := 2; j < len(s); j++ {
			if s[j] == '\\' {
				j++
				continue
			}
			if s[j] == '"' {
				end = j
				break
			}
		}
		if end < 0 || end+1 >= len(s) || s[end+1] != ']' {
			return instanceKey{}, 0, fmt.Errorf("unterminated string index")
		}
		str, err := strconv.Unquote(s[1 : end+1])
		if err != nil {
			return instanceKey{}, 0, fmt.Errorf("bad string index %s: %w", s[1:end+1], err)
		}
		return stringIndex(str), end + 2, nil
	}
	end = strings.IndexByte(s, ']')
	if end < 2 {
		return instanceKey{}, 0, fmt.Errorf("unterminated index")
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil || n < 0 || n > maxIndex {
		return instanceKey{}, 0, fmt.Errorf("bad index %q", s[1:end])
	}
	return intIndex(n), end + 1, nil
}

// moduleInstance is the address of a module instance: module.a["x"].module.b. The root
// module is the empty path.
type moduleInstance []step

// String formats the path as Terraform does; "" for the root module.
func (m moduleInstance) String() string {
	var b strings.Builder
	for i, s := range m {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(s.name)
		b.WriteString(s.key.String())
	}
	return b.String()
}

// static is the module path without instance keys ("a.b"), which names a module in the
// configuration.
func (m moduleInstance) static() string {
	names := make([]string, len(m))
	for i, s := range m {
		names[i] = s.name
	}
	return strings.Join(names, ".")
}

func (m moduleInstance) parent() moduleInstance {
	if len(m) == 0 {
		return nil
	}
	return m[:len(m)-1]
}

func (m moduleInstance) child(name string, key instanceKey) moduleInstance {
	out := make(moduleInstance, len(m), len(m)+1)
	copy(out, m)
	return append(out, step{name: name, key: key})
}

// parseModuleInstance parses a module_address (module.a["x"].module.b).
func parseModuleInstance(s string) (moduleInstance, error) {
	if s == "" {
		return nil, nil
	}
	steps, err := parseTraversal(s)
	if err != nil {
		return nil, err
	}
	if len(steps)%2 != 0 {
		return nil, fmt.Errorf("module address %q: want pairs of module.NAME", s)
	}
	var out moduleInstance
	for i := 0; i < len(steps); i += 2 {
		if steps[i].name != "module" || steps[i].key.kind != noKey || steps[i+1].name == "" {
			return nil, fmt.Errorf("module address %q: want module.NAME steps", s)
		}
		out = append(out, steps[i+1])
	}
	return out, nil
}

// resourceAddr is a resource instance address within its module.
type resourceAddr struct {
	module moduleInstance
	mode   string // managed or data
	typ    string
	name   string
	key    instanceKey
}

// String formats the full address, as Terraform writes it in plans.
func (a resourceAddr) String() string {
	var b strings.Builder
	if m := a.module.String(); m != "" {
		b.WriteString(m)
		b.WriteByte('.')
	}
	if a.mode == "data" {
		b.WriteString("data.")
	}
	b.WriteString(a.typ)
	b.WriteByte('.')
	b.WriteString(a.name)
	b.WriteString(a.key.String())
	return b.String()
}

// configKey is the resource's address within its module without the instance key
// (aws_s3_bucket.this), as the configuration section names it.
func (a resourceAddr) configKey() string {
	if a.mode == "data" {
		return "data." + a.typ + "." + a.name
	}
	return a.typ + "." + a.name
}
