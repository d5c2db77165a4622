package reporters

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestPartialNotice: every report that says a snapshot is partial says why — an
// interrupted collection, or a plan made with -target — and a whole one says nothing.
func TestPartialNotice(t *testing.T) {
	plan := inventory.Source{Kind: inventory.SourceTerraformPlan, Detail: "plan.json"}
	live := inventory.Source{Kind: "aws", Detail: "profile audit"}
	tests := []struct {
		name    string
		partial bool
		sources []inventory.Source
		want    string // a phrase of the notice; "" for none
	}{
		{"whole", false, []inventory.Source{live}, ""},
		{"interrupted collection", true, []inventory.Source{live}, "its collection was interrupted"},
		{"targeted plan", true, []inventory.Source{plan}, "the plan is incomplete (made with -target)"},
		{"plan over a live snapshot", true, []inventory.Source{plan, live}, "incomplete (made with -target) or the live snapshot's collection was interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fixtureReport()
			r.Snapshot.Partial, r.Snapshot.Sources = tt.partial, tt.sources
			for _, format := range []string{FormatTable, FormatSARIF, FormatHTML} {
				w, err := ByName(format, Options{})
				if err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if err := w.Write(&out, r); err != nil {
					t.Fatal(err)
				}
				text := strings.ToLower(html.UnescapeString(out.String()))
				switch {
				case tt.want == "" && strings.Contains(text, "partial"+":") || tt.want == "" && strings.Contains(text, "incomplete (made"):
					t.Errorf("%s: a whole snapshot is called partial", format)
				case tt.want != "" && !strings.Contains(text, strings.ToLower(tt.want)):
					t.Errorf("%s does not say %q", format, tt.want)
				}
				if tt.want != "" && !strings.Contains(tt.want, "interrupted") && strings.Contains(text, "its collection was interrupted") {
					t.Errorf("%s says a plan's collection was interrupted", format)
				}
			}
		})
	}
}
