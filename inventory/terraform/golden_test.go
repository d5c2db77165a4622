package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/inventory"
)

// testdataDir holds the real plans (testdata/terraform/README.md).
const testdataDir = "../../testdata/terraform"

// planCases lists every plan file under testdata/terraform: each case directory's plan.json
// and any plan-*.json (the same configuration planned by another Terraform version).
func planCases(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join(testdataDir, "*", "plan*.json"))
	var files []string
	for _, f := range all {
		if !strings.Contains(filepath.Base(f), ".golden.") {
			files = append(files, f)
		}
	}
	if err != nil || len(files) == 0 {
		t.Fatalf("no plans under %s: %v", testdataDir, err)
	}
	return files
}

func convertFile(t *testing.T, planPath string, withDir bool) *Result {
	t.Helper()
	data, err := os.ReadFile(planPath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePlan(data)
	if err != nil {
		t.Fatalf("%s: %v", planPath, err)
	}
	o := Options{
		PlanFile: filepath.Base(planPath),
		Tool:     inventory.Tool{Name: "storewatch", Version: "test"},
		Now:      func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	if withDir {
		o.Dir = filepath.Dir(planPath)
	}
	res, err := Convert(context.Background(), p, o)
	if err != nil {
		t.Fatalf("%s: %v", planPath, err)
	}
	return res
}

// TestGoldenSnapshots converts every real plan, with its configuration directory, and
// compares the snapshot with testdata/terraform/<case>/<plan>.snapshot.golden.json.
func TestGoldenSnapshots(t *testing.T) {
	for _, planPath := range planCases(t) {
		name := filepath.Base(filepath.Dir(planPath)) + "/" + filepath.Base(planPath)
		t.Run(name, func(t *testing.T) {
			res := convertFile(t, planPath, true)
			var buf bytes.Buffer
			if err := inventory.Write(&buf, res.Snapshot); err != nil {
				t.Fatal(err)
			}
			// The snapshot must be one storewatch itself reads back.
			if _, err := inventory.Parse(buf.Bytes()); err != nil {
				t.Fatalf("the snapshot does not validate: %v", err)
			}
			checkUnknownFieldNames(t, buf.Bytes())
			golden.Assert(t, strings.TrimSuffix(planPath, ".json")+".snapshot.golden.json", buf.Bytes())
		})
	}
}

// checkUnknownFieldNames holds the contract rules rely on: every name in unknown_fields is
// the JSON name of a field of the item that lists it. Written snapshots leave zero values
// out, so the names are checked against the item's Go type.
func checkUnknownFieldNames(t *testing.T, snapshot []byte) {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(snapshot, &doc); err != nil {
		t.Fatal(err)
	}
	fieldsOf := itemFields()
	for coll, raw := range doc {
		var items []map[string]json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			continue
		}
		for _, item := range items {
			var unknown []string
			_ = json.Unmarshal(item["unknown_fields"], &unknown)
			for _, f := range unknown {
				if !fieldsOf[coll][f] {
					t.Errorf("%s %s: unknown field %q is not a field of the item", coll, item["id"], f)
				}
			}
		}
	}
}

// itemFields maps each snapshot collection to the JSON field names of its items.
func itemFields() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	st := reflect.TypeFor[inventory.Snapshot]()
	for i := 0; i < st.NumField(); i++ {
		f := st.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		names := map[string]bool{}
		var walk func(reflect.Type)
		walk = func(t reflect.Type) {
			for j := 0; j < t.NumField(); j++ {
				sf := t.Field(j)
				if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
					walk(sf.Type)
					continue
				}
				n, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
				names[n] = true
			}
		}
		walk(f.Type.Elem())
		out[name] = names
	}
	return out
}
