package policies

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/internal/golden"
)

// TestReadmeRuleList keeps the README's rule table generated from the rules' METADATA, so
// the documentation can never drift from the engine.
func TestReadmeRuleList(t *testing.T) {
	eng, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rules:begin/rules:end markers")
	}
	want := append(append(append([]byte{}, readme[:i+len(begin)]...), RuleTable(eng.Rules())...), readme[j:]...)
	if golden.Updating() {
		golden.Assert(t, "../README.md", want)
		return
	}
	if !bytes.Equal(readme, want) {
		t.Error("the README's rule list is out of date: run go test ./policies -run ReadmeRuleList -update")
	}
}

// RuleTable renders the rule list as markdown: counts per theme and framework, then one row
// per rule.
func RuleTable(rules []*Rule) []byte {
	var b bytes.Buffer
	fw := map[string]map[string]bool{}
	for _, r := range rules {
		for k, ids := range r.Frameworks {
			if fw[k] == nil {
				fw[k] = map[string]bool{}
			}
			for _, id := range ids {
				fw[k][id] = true
			}
		}
	}
	fmt.Fprintf(&b, "%d rules. Framework coverage:", len(rules))
	keys := make([]string, 0, len(fw))
	for k := range fw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %s %d controls", sep, k, len(fw[k]))
	}
	b.WriteString(".\n\n| ID | Severity | Title | Resource types | Frameworks |\n|---|---|---|---|---|\n")
	for _, r := range rules {
		var frameworks []string
		for _, k := range keys {
			if ids := r.Frameworks[k]; len(ids) > 0 {
				frameworks = append(frameworks, k+": "+strings.Join(ids, ", "))
			}
		}
		types := make([]string, len(r.ResourceTypes))
		for i, t := range r.ResourceTypes {
			types[i] = "`" + t + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, r.Severity, escapePipes(r.Title),
			strings.Join(types, " "), escapePipes(strings.Join(frameworks, "; ")))
	}
	return b.Bytes()
}

func escapePipes(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
