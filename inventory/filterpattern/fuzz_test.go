package filterpattern

import (
	"testing"
)

// FuzzParse checks that Parse never panics and that the normalised form is a fixed point:
// it parses, renders to itself, and means the same as the pattern it came from. The seed
// corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "ERROR", cis41, cis47, `[ip, user, ..., status_code = 4*, bytes]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		p, err := Parse(pattern)
		_ = Catches(pattern)
		if err != nil {
			return
		}
		s := p.String()
		q, err := Parse(s)
		if err != nil {
			t.Fatalf("normalised form of %q does not parse: %q: %v", pattern, s, err)
		}
		if q.String() != s {
			t.Fatalf("normalised form of %q is not stable: %q → %q", pattern, s, q.String())
		}
		if !Equivalent(p, q) {
			t.Fatalf("normalised form of %q changes its meaning:\n%s\n%s", pattern, p.Key(), q.Key())
		}
	})
}
