package reporters

import (
	"fmt"
	"io"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// JSON writes the report as it is, in the documented, versioned JSON format
// (docs/report-format.md, schema in report.schema.json).
type JSON struct{}

// Write implements Reporter.
func (JSON) Write(w io.Writer, r *policies.Report) error {
	// The bytes json.Encoder with SetIndent would write, without two copies of the whole
	// report in memory (jsonstream.go).
	if err := writeIndentedJSON(w, normalized(r)); err != nil {
		return fmt.Errorf("encode json report: %w", err)
	}
	return nil
}

// normalized returns a shallow copy of the report whose lists and maps are empty rather
// than nil, so that the JSON says [] and {} where the schema promises them, never null.
// The caller's report is not changed.
func normalized(r *policies.Report) *policies.Report {
	c := *r
	c.Snapshot.Sources = orEmpty(c.Snapshot.Sources)
	c.Snapshot.Accounts = orEmpty(c.Snapshot.Accounts)
	if len(c.Snapshot.Accounts) > 0 {
		accounts := make([]policies.AccountInfo, len(c.Snapshot.Accounts))
		for i, a := range c.Snapshot.Accounts {
			a.Regions = orEmpty(a.Regions)
			accounts[i] = a
		}
		c.Snapshot.Accounts = accounts
	}
	c.Rules = orEmpty(c.Rules)
	c.Stores = orEmpty(c.Stores)
	if len(c.Stores) > 0 {
		stores := make([]policies.StoreInfo, len(c.Stores))
		for i, s := range c.Stores {
			s.LogGroups = orEmpty(s.LogGroups)
			stores[i] = s
		}
		c.Stores = stores
	}
	c.Findings = orEmpty(c.Findings)
	c.CollectionErrors = orEmpty[inventory.CollectionError](c.CollectionErrors)
	if c.Summary.ByStatus == nil {
		c.Summary.ByStatus = map[policies.Status]int{}
	}
	if c.Summary.BySeverity == nil {
		c.Summary.BySeverity = map[policies.Severity]map[policies.Status]int{}
	}
	return &c
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
